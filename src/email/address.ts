import type { Config } from "../config.js";
import { AppError } from "../lib/errors.js";
import { newId } from "../lib/ids.js";
import type { Address } from "./types.js";

const BARE = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+$/;
const NAMED = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/;

/** True for a plain `local@domain` address (no display name, no spaces). */
export function isAddress(s: string): boolean {
  return BARE.test(s) && s.length <= 320;
}

/** `"Name" <a@b>` or `a@b` → {name, address}; undefined when it is neither. */
export function parseAddress(s: string): Address | undefined {
  const named = NAMED.exec(s);
  if (named) return isAddress(named[2]!.trim()) ? { name: named[1]!.trim() || null, address: named[2]!.trim() } : undefined;
  return isAddress(s.trim()) ? { address: s.trim() } : undefined;
}

/**
 * The sender: MAIL_FROM, else `parley@<host of PUBLIC_URL>` so the embedded setup works unconfigured.
 * A message's `fromName` replaces the display name; the address stays the one SPF/DKIM are set up for.
 */
export function senderAddress(config: Config, fromName?: string): Address {
  const configured = config.MAIL_FROM ? parseAddress(config.MAIL_FROM) : undefined;
  if (config.MAIL_FROM && !configured) throw new AppError("PRECONDITION_FAILED", "MAIL_FROM is not an email address (use `Name <a@b.example>` or `a@b.example`)");
  const host = new URL(config.PUBLIC_URL).hostname;
  const fallback = { name: "Parley", address: `parley@${/^[\d.]+$|:/.test(host) ? "localhost" : host}` };
  const base = configured ?? fallback;
  return { name: oneLine(fromName ?? base.name ?? ""), address: base.address };
}

/** A fresh Message-ID on the sender's domain. */
export function newMessageId(from: Address, now: number): string {
  return `<${newId("msg", now)}@${from.address.split("@")[1]}>`;
}

/** Header values are single lines: CR/LF would start a header of someone else's choosing. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ").trim();
}
