import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { clientAddress, normalizeAddress } from "../../src/http/client-ip.js";

/** A tiny app answering with the address it sees, served over a fake socket. */
async function addressSeen(trusted: number, headers: Record<string, string>, peer = "203.0.113.9") {
  const app = new Hono();
  app.get("/", (c) => c.text(clientAddress(c, trusted) ?? "none"));
  const res = await app.request("/", { headers }, { incoming: { socket: { remoteAddress: peer.includes(":") ? peer : `::ffff:${peer}` } } });
  return res.text();
}

describe("client address", () => {
  it("ignores X-Forwarded-For unless proxies are trusted (anyone can send it)", async () => {
    expect(await addressSeen(0, { "x-forwarded-for": "1.2.3.4" })).toBe("203.0.113.9");
    expect(await addressSeen(0, {})).toBe("203.0.113.9");
  });

  it("takes the N-th address from the right behind N trusted proxies", async () => {
    const chain = { "x-forwarded-for": "6.6.6.6, 81.2.69.142, 10.0.0.1" }; // a forged first entry, the client, proxy A
    expect(await addressSeen(1, chain)).toBe("10.0.0.1");
    expect(await addressSeen(2, chain)).toBe("81.2.69.142");
    expect(await addressSeen(5, { "x-forwarded-for": "81.2.69.142" })).toBe("81.2.69.142");
    expect(await addressSeen(1, {})).toBe("203.0.113.9");
  });

  it("never returns a forged entry that is not an IP address; strips ports and IPv4-mapped prefixes", async () => {
    // Behind one proxy that appends the peer, a client bypassing a second proxy controls the left entries.
    expect(await addressSeen(2, { "x-forwarded-for": "<script>alert(1)</script>, 10.0.0.1" })).toBe("10.0.0.1");
    expect(await addressSeen(2, { "x-forwarded-for": `${"9".repeat(5000)}, 10.0.0.1` })).toBe("10.0.0.1");
    expect(await addressSeen(1, { "x-forwarded-for": "unknown" })).toBe("203.0.113.9");
    expect(await addressSeen(1, { "x-forwarded-for": "81.2.69.142:51234" })).toBe("81.2.69.142");
    expect(await addressSeen(1, { "x-forwarded-for": "[2001:DB8::1]:443" })).toBe("2001:db8::1");
    expect(await addressSeen(1, { "x-forwarded-for": "::ffff:81.2.69.142" })).toBe("81.2.69.142");
    expect(await addressSeen(0, {}, "2001:db8::2")).toBe("2001:db8::2");
    for (const bad of ["", " ", "example.com", "1.2.3", "1.2.3.4.5", "999.1.1.1", "1.2.3.4:99999", "[1.2.3.4"]) expect(normalizeAddress(bad), bad).toBeUndefined();
  });

  it("reads TRUST_PROXY as a hop count; true/false mean 1/0, anything else stops the start", () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(() => loadConfig({ TRUST_PROXY: "yes please" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
  });

  it("has no address without a socket", async () => {
    const app = new Hono();
    app.get("/", (c) => c.text(clientAddress(c, 0) ?? "none"));
    expect(await (await app.request("/")).text()).toBe("none");
  });
});
