import { isIP } from "node:net";
import type { Context } from "hono";

/**
 * An address as written by a socket or a proxy → its canonical text, or undefined when it is not an IP address:
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4, a port (`1.2.3.4:5678`, `[2001:db8::1]:443`) and brackets are
 * dropped, IPv6 is lower-cased. Anything else (a name, `unknown`, garbage, an overlong header) is refused.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let s = raw.trim();
  if (s.length === 0 || s.length > 64) return undefined;
  const withPort = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s) ?? /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(s);
  if (withPort) {
    if (withPort[2] !== undefined && Number(withPort[2]) > 65535) return undefined;
    s = withPort[1]!;
  }
  s = s.toLowerCase().replace(/^::ffff:(?=\d{1,3}(?:\.\d{1,3}){3}$)/, "");
  return isIP(s) ? s : undefined;
}

/** The TCP peer's address; undefined under `app.request()` (tests), which has no socket. */
export function peerAddress(c: Context): string | undefined {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
  return normalizeAddress(socket?.remoteAddress);
}

/**
 * The client's address. With `trustedProxies` = 0 (the default) it is the TCP peer and X-Forwarded-For is ignored,
 * since anyone can send that header. Behind N reverse proxies (TRUST_PROXY=N), each appends the address it received
 * the request from, so the client is the N-th entry from the right; a shorter chain yields its first entry. An entry
 * that is not an IP address (only the client can have written it) is never returned: the nearest valid address to
 * its right stands in, else the peer, so a forged header can neither inject text nor make up fresh rate-limit keys.
 */
export function clientAddress(c: Context, trustedProxies: number): string | undefined {
  const peer = peerAddress(c);
  if (trustedProxies <= 0) return peer;
  const header = c.req.header("x-forwarded-for");
  if (!header) return peer;
  const chain = header.split(",").map((s) => s.trim()).filter(Boolean);
  if (chain.length === 0) return peer;
  for (let i = Math.max(0, chain.length - trustedProxies); i < chain.length; i++) {
    const ip = normalizeAddress(chain[i]);
    if (ip) return ip;
  }
  return peer;
}
