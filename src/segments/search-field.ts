import { sql } from "drizzle-orm";
import { defineSearchField } from "../contacts/index.js";
import { contacts, segmentMemberships } from "../db/schema/index.js";

/**
 * Plugs segment membership into contact search (`segment_id` = / != / IN / NIN), reading stored memberships,
 * which is what Intercom's search does too.
 */
export function registerSegmentSearch(): void {
  defineSearchField("segment_id", {
    type: "string",
    expr: contacts.id,
    operators: ["=", "!=", "IN", "NIN"],
    compile: (op, values) => {
      const ids = values.map(String);
      const inAny = sql`EXISTS (SELECT 1 FROM ${segmentMemberships} WHERE ${segmentMemberships.contactId} = ${contacts.id}
        AND ${segmentMemberships.exitedAt} IS NULL AND ${segmentMemberships.segmentId} IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}))`;
      return op === "=" || op === "IN" ? inAny : sql`NOT ${inAny}`;
    },
  });
}
