import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("config", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", DATABASE_PATH: "./data/parley.db", PUBLIC_URL: "http://127.0.0.1:3000" });
  });

  it.each(["abc", "70000", "-1", "3.5"])("rejects PORT=%s with a message naming PORT", (port) => {
    expect(() => loadConfig({ PORT: port })).toThrowError(/Invalid configuration:\n\s+PORT: /);
  });

  it("names every bad variable at once", () => {
    let message = "";
    try {
      loadConfig({ PORT: "x", PARLEY_ADMIN_EMAIL: "not-an-email", PARLEY_API_TOKEN: "short" });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ["PORT", "PARLEY_ADMIN_EMAIL", "PARLEY_API_TOKEN"]) expect(message).toMatch(new RegExp(`^\\s+${name}: `, "m"));
    expect(message).not.toContain("short");
  });
});
