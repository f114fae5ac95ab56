import { createContact, type Contact } from "../../src/contacts/index.js";
import { contacts } from "../../src/db/schema/index.js";
import { newId } from "../../src/lib/ids.js";
import type { Config } from "../../src/config.js";
import type { BusPayload, BusEvent } from "../../src/lib/bus.js";
import { createMessage, parseMessageInput, type MessageWithVariants } from "../../src/outbound/index.js";
import { watchOutbound } from "../../src/outbound/triggers.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

export interface OutTest extends TestApp {
  /** Bus events published, by name, in order. */
  seen: (name: BusEvent) => BusPayload[];
}

/** A test app wired as the server is: outbound triggers listening, bus events recorded. */
export function outTest(opts: { now?: number; config?: Partial<Config> } = {}): OutTest {
  const t = makeTestApp(opts);
  const stop = watchOutbound(t.ctx);
  const log: { name: BusEvent; p: BusPayload }[] = [];
  for (const name of ["delivery.sent", "delivery.updated", "message.updated"] as const) t.ctx.bus.on(name, (p) => log.push({ name, p }));
  const close = t.close;
  return Object.assign(t, { seen: (name: BusEvent) => log.filter((e) => e.name === name).map((e) => e.p), close: () => (stop(), close()) });
}

let n = 0;
/** A contact with a unique email (and any other profile fields). */
export function contact(t: TestApp, extra: Partial<Parameters<typeof createContact>[2]> = {}): Contact {
  n++;
  return createContact(t.ctx, t.workspace.id, { email: `person${n}@example.com`, externalId: `u${n}`, name: `Person ${n}`, ...extra });
}

/** A draft message from a raw body (as an API would send it). */
export function message(t: TestApp, body: Record<string, unknown>): MessageWithVariants {
  return createMessage(t.ctx, t.workspace.id, parseMessageInput({ name: "Test message", channel: "email", ...body }));
}

/** Many plain contacts at once (one multi-row insert per 500), for audience-size tests. Returns their ids in order. */
export function manyContacts(t: TestApp, count: number, extra: (i: number) => Partial<typeof contacts.$inferInsert> = () => ({})): string[] {
  const now = t.clock.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId("ct", now), workspaceId: t.workspace.id, role: "user" as const, email: `bulk${++n}@example.com`, name: `Bulk ${n}`,
    createdAt: now, updatedAt: now, ...extra(i),
  }));
  t.ctx.db.$client.transaction(() => {
    for (let i = 0; i < rows.length; i += 500) t.ctx.db.insert(contacts).values(rows.slice(i, i + 500)).run();
  })();
  return rows.map((r) => r.id);
}
