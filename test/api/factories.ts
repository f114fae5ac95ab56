import { contacts, operators } from "../../src/db/schema/index.js";
import { newId } from "../../src/lib/ids.js";
import type { TestApp } from "../helpers/app.js";

let seq = 0;

/** Inserts a contact directly (the contacts API is built separately); unique ids and emails per call. */
export function makeContact(t: TestApp, over: Partial<typeof contacts.$inferInsert> = {}): typeof contacts.$inferSelect {
  seq++;
  const now = t.clock.now();
  return t.ctx.db
    .insert(contacts)
    .values({
      id: newId("ct", now),
      workspaceId: t.workspace.id,
      role: "user",
      externalId: `u_${seq}`,
      email: `person${seq}@example.com`,
      name: `Person ${seq}`,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning()
    .get();
}

/** Inserts an operator (teammate). */
export function makeOperator(t: TestApp, over: Partial<typeof operators.$inferInsert> = {}): typeof operators.$inferSelect {
  seq++;
  return t.ctx.db
    .insert(operators)
    .values({ email: `op${seq}@example.com`, name: `Operator ${seq}`, role: "admin", createdAt: t.clock.now(), ...over })
    .returning()
    .get();
}
