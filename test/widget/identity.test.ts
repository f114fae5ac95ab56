import { describe, expect, it } from "vitest";
import { checkUserHash, verifyIdentity, verifyUserJwt } from "../../src/messenger/index.js";
import { signJwt } from "./helpers.js";

const SECRET = "test-identity-secret";
const NOW = Date.UTC(2026, 0, 15);
const ws = (enforced: boolean) => ({ identitySecret: SECRET, identityEnforced: enforced });

describe("user_hash (COMPAT.md §4 test vectors)", () => {
  it("accepts the documented hashes for user_id and email, in any hex case", () => {
    expect(checkUserHash(SECRET, "9876", "48e078b4c7793d88528049c8e363b9727e304676decdc0c4d337cb466105e568")).toBe(true);
    expect(checkUserHash(SECRET, "john.doe@example.com", "d3832718847dc26c94737748ed2594a37fbf7f0e09695e373951cd6913e6068e")).toBe(true);
    expect(checkUserHash(SECRET, "9876", "48E078B4C7793D88528049C8E363B9727E304676DECDC0C4D337CB466105E568")).toBe(true);
  });

  it("refuses another subject, another secret, and a truncated hash", () => {
    expect(checkUserHash(SECRET, "9877", "48e078b4c7793d88528049c8e363b9727e304676decdc0c4d337cb466105e568")).toBe(false);
    expect(checkUserHash("other-secret", "9876", "48e078b4c7793d88528049c8e363b9727e304676decdc0c4d337cb466105e568")).toBe(false);
    expect(checkUserHash(SECRET, "9876", "48e078b4")).toBe(false);
  });

  it("user_id wins over email when both are sent", () => {
    const byEmail = "d3832718847dc26c94737748ed2594a37fbf7f0e09695e373951cd6913e6068e";
    expect(() => verifyIdentity(ws(true), { userId: "9876", email: "john.doe@example.com", userHash: byEmail }, NOW)).toThrow(/user_hash does not match user_id/);
    expect(verifyIdentity(ws(true), { email: "john.doe@example.com", userHash: byEmail }, NOW).verified).toBe(true);
  });

  it("enforcement refuses a missing hash; without enforcement the boot passes unverified; visitors always pass", () => {
    expect(() => verifyIdentity(ws(true), { userId: "9876" }, NOW)).toThrow(/user_hash or intercom_user_jwt is required/);
    expect(verifyIdentity(ws(false), { userId: "9876", userHash: "00" }, NOW)).toMatchObject({ userId: "9876", verified: false });
    expect(verifyIdentity(ws(true), {}, NOW)).toMatchObject({ verified: false });
  });
});

describe("intercom_user_jwt (HS256)", () => {
  it("accepts a valid token; its claims win and extra claims become signed attributes", () => {
    const jwt = signJwt({ user_id: "42", email: "signed@example.com", plan: "pro", exp: NOW / 1000 + 3600 });
    const id = verifyIdentity(ws(true), { userId: "evil", email: "evil@example.com", jwt }, NOW);
    expect(id).toEqual({ userId: "42", email: "signed@example.com", verified: true, signedAttributes: { plan: "pro" } });
  });

  it.each([
    ["expired", signJwt({ user_id: "42", exp: NOW / 1000 - 1 }), /expired/],
    ["wrong signature", signJwt({ user_id: "42" }, "not-the-secret"), /signature is invalid/],
    ["alg none", signJwt({ user_id: "42" }, SECRET, { alg: "none" }), /HS256/],
    ["no user_id", signJwt({ email: "a@example.com" }), /user_id claim/],
    ["not yet valid", signJwt({ user_id: "42", nbf: NOW / 1000 + 60 }), /not valid yet/],
    ["garbage", "abc.def", /not a JWT/],
  ])("refuses %s, even without enforcement", (_name, jwt, message) => {
    expect(() => verifyUserJwt(SECRET, jwt, NOW)).toThrow(message);
    expect(() => verifyIdentity(ws(false), { jwt }, NOW)).toThrow(message);
  });
});
