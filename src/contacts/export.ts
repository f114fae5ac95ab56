import type { Ctx } from "../context.js";
import { csvLine } from "../lib/csv.js";
import { iterateAdminContacts, type AdminContactQuery } from "./admin-list.js";
import { contactColumns, type CellValue, type ContactColumn } from "./columns.js";

const CHUNK = 500;

/**
 * The contacts a list query matches as CSV text, one piece per 500 contacts (the header first). A generator, so
 * the caller streams it: the whole file never sits in memory. Columns: id, role, every built-in and custom column.
 */
export function* contactsCsv(ctx: Ctx, workspaceId: string, q: AdminContactQuery): Generator<string> {
  const columns = contactColumns(ctx, workspaceId);
  yield csvLine(["id", "role", ...columns.map((c) => c.key)]);
  for (const chunk of iterateAdminContacts(ctx, workspaceId, q, CHUNK)) {
    yield chunk.map((contact) => csvLine([contact.id, contact.role, ...columns.map((col) => cell(col, col.get(contact)))])).join("");
  }
}

/** Dates (epoch ms) as ISO 8601, which every spreadsheet reads. */
function cell(col: ContactColumn, v: CellValue): CellValue {
  if (col.type === "date" && typeof v === "number") return new Date(v).toISOString();
  return v;
}
