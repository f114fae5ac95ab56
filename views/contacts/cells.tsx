import type { CellValue, ColumnType } from "../../src/contacts/columns.js";
import { Time } from "../components/time.js";

/** One value of a contact attribute, formatted for its type; unknown values are a muted dash. */
export function Cell(props: { type: ColumnType; value: CellValue }) {
  const v = props.value;
  if (v === null || v === undefined || v === "") return <span class="muted">—</span>;
  if (props.type === "date" && typeof v === "number") return <Time ms={v} />;
  if (typeof v === "boolean") return <>{v ? "Yes" : "No"}</>;
  if (typeof v === "number") return <>{v.toLocaleString("en-US")}</>;
  return <>{String(v)}</>;
}

/** Green "online" dot with a text equivalent for screen readers. */
export function OnlineDot(props: { online: boolean; id?: string }) {
  return props.online ? (
    <span id={props.id} class="online-dot is-online" title="Online now"><span class="sr-only">Online now</span></span>
  ) : (
    <span id={props.id} class="online-dot" title="Not online"><span class="sr-only">Not online</span></span>
  );
}

/** What to call a contact in lists and headings: name, else email, else user id, else a generic word. */
export function displayName(c: { name: string | null; email: string | null; externalId: string | null; role: string }): string {
  return c.name || c.email || c.externalId || (c.role === "lead" ? "Unnamed lead" : "Unnamed user");
}
