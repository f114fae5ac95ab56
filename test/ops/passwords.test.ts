import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/lib/errors.js";
import { createOperator } from "../../src/operators/create.js";
import { hashPassword, verifyPassword, verifyPasswordAsync } from "../../src/operators/passwords.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

/** Changes the first character of a base64url field (the last one may only hold padding bits). */
const flip = (s: string) => (s.startsWith("A") ? "B" : "A") + s.slice(1);

describe("password hashing", () => {
  const stored = hashPassword("correct horse battery staple");

  it("encodes algorithm, cost, salt and hash in the stored string", () => {
    expect(stored).toMatch(/^scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain("correct horse");
  });

  it("salts: the same password hashes differently each time", () => {
    expect(hashPassword("correct horse battery staple")).not.toBe(stored);
  });

  it("accepts the right password, sync and async", async () => {
    expect(verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPasswordAsync("correct horse battery staple", stored)).toBe(true);
  });

  it("rejects a wrong password", async () => {
    expect(verifyPassword("correct horse battery stapl", stored)).toBe(false);
    expect(verifyPassword("", stored)).toBe(false);
    expect(await verifyPasswordAsync("Correct horse battery staple", stored)).toBe(false);
  });

  it("rejects a tampered hash, salt or cost", () => {
    const [alg, params, salt, hash] = stored.split("$") as [string, string, string, string];
    const pw = "correct horse battery staple";
    expect(verifyPassword(pw, [alg, params, salt, flip(hash)].join("$"))).toBe(false);
    expect(verifyPassword(pw, [alg, params, flip(salt), hash].join("$"))).toBe(false);
    expect(verifyPassword(pw, [alg, "ln=14,r=8,p=1", salt, hash].join("$"))).toBe(false);
  });

  it("rejects malformed strings and absurd costs without running scrypt on them", () => {
    const [, , salt, hash] = stored.split("$") as [string, string, string, string];
    for (const bad of ["", "plain-text", `bcrypt$ln=15,r=8,p=1$${salt}$${hash}`, `scrypt$ln=30,r=8,p=1$${salt}$${hash}`,
      `scrypt$ln=15,r=8,p=1$${salt}`, `scrypt$ln=15,r=8,p=1$c2FsdA$${hash}`]) {
      expect(verifyPassword("x", bad)).toBe(false);
    }
  });
});

describe("createOperator", () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it("stores a verifiable hash and never returns it", () => {
    t = makeTestApp();
    const op = createOperator(t.ctx, { email: " Ada@Example.com ", name: "Ada", password: "s3cret-enough", role: "owner" });
    expect(op).toMatchObject({ email: "Ada@Example.com", name: "Ada", role: "owner" });
    expect(op).not.toHaveProperty("passwordHash");
    const row = t.ctx.db.$client.prepare("select password_hash from operators where id = ?").get(op.id) as { password_hash: string };
    expect(verifyPassword("s3cret-enough", row.password_hash)).toBe(true);
  });

  it("refuses a duplicate email whatever its case, and bad input", () => {
    t = makeTestApp();
    createOperator(t.ctx, { email: "ada@example.com", name: "Ada", role: "admin" });
    const dup = () => createOperator(t.ctx, { email: "ADA@example.com", name: "Ada 2", role: "agent" });
    expect(dup).toThrowError(expect.objectContaining({ code: "CONFLICT" }) as AppError);
    const bad = () => createOperator(t.ctx, { email: "not-an-email", name: "X", role: "agent" });
    expect(bad).toThrowError(expect.objectContaining({ code: "VALIDATION", field: "email" }) as AppError);
    const short = () => createOperator(t.ctx, { email: "b@example.com", name: "B", password: "short", role: "agent" });
    expect(short).toThrowError(expect.objectContaining({ code: "VALIDATION", field: "password" }) as AppError);
  });
});
