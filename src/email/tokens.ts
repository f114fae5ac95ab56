import { z } from "zod";
import type { Ctx } from "../context.js";
import { mac, sameBytes } from "./secret.js";

/** 128 bits of HMAC: forging one is out of reach, and tracked URLs stay short. */
const MAC_BYTES = 16;

/** Who an email was for; every tracking token carries it. */
export interface TrackingRef {
  workspaceId: string;
  contactId: string;
  deliveryId?: string | undefined;
}

/** A click token also names the link: its target and its stable index in the template. */
export interface ClickRef extends TrackingRef {
  url: string;
  index: number;
}

const refShape = { w: z.string().min(1).max(64), c: z.string().min(1).max(64), d: z.string().max(64).optional() };
const refSchema = z.object(refShape);
const clickSchema = z.object({ ...refShape, u: z.string().max(4096), i: z.number().int().min(0) });

/** `<base64url payload>.<base64url mac>`; the payload is readable, only its integrity is protected. */
function seal(ctx: Ctx, purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(ctx, purpose, body).subarray(0, MAC_BYTES).toString("base64url")}`;
}

/** The payload of a token sealed for `purpose`, or undefined when it was altered or made for another use. */
function unseal(ctx: Ctx, purpose: string, token: string): unknown {
  const dot = token.indexOf(".");
  if (dot <= 0 || token.length > 8192) return undefined;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  if (!sameBytes(given, mac(ctx, purpose, body).subarray(0, MAC_BYTES))) return undefined;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const pack = (r: TrackingRef) => ({ w: r.workspaceId, c: r.contactId, ...(r.deliveryId ? { d: r.deliveryId } : {}) });
const unpack = (p: z.infer<typeof refSchema>): TrackingRef => ({ workspaceId: p.w, contactId: p.c, ...(p.d ? { deliveryId: p.d } : {}) });

/** Token for the open pixel `/e/o/:token`. */
export function openToken(ctx: Ctx, ref: TrackingRef): string {
  return seal(ctx, "open", pack(ref));
}

/** Token for the click redirect `/e/c/:token`: the redirect goes only to the URL sealed inside. */
export function clickToken(ctx: Ctx, ref: TrackingRef, url: string, index: number): string {
  return seal(ctx, "click", { ...pack(ref), u: url, i: index });
}

/** Token for the unsubscribe page `/u/:token` (and the mailto unsubscribe). It never expires: old emails keep working. */
export function unsubscribeToken(ctx: Ctx, ref: TrackingRef): string {
  return seal(ctx, "unsub", pack(ref));
}

/** The recipient behind a valid open token, else undefined. */
export function readOpenToken(ctx: Ctx, token: string): TrackingRef | undefined {
  const p = refSchema.safeParse(unseal(ctx, "open", token));
  return p.success ? unpack(p.data) : undefined;
}

/** The recipient and link behind a valid click token, else undefined. */
export function readClickToken(ctx: Ctx, token: string): ClickRef | undefined {
  const p = clickSchema.safeParse(unseal(ctx, "click", token));
  return p.success ? { ...unpack(p.data), url: p.data.u, index: p.data.i } : undefined;
}

/** The recipient behind a valid unsubscribe token, else undefined. */
export function readUnsubscribeToken(ctx: Ctx, token: string): TrackingRef | undefined {
  const p = refSchema.safeParse(unseal(ctx, "unsub", token));
  return p.success ? unpack(p.data) : undefined;
}
