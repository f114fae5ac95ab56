/** What a contacts list URL says: tab, quick search, sort and the filter definition. */
export interface ListView {
  tab: "users" | "leads";
  q: string;
  sort: { key: string; dir: "asc" | "desc" };
  match: "all" | "any";
  /** The filter as a segment definition (complete rows only), or undefined for none. */
  definition?: unknown;
}

/** A filter definition for `?f=`: base64url JSON, so a filtered list can be bookmarked and shared. */
export function encodeFilter(def: unknown): string {
  return Buffer.from(JSON.stringify(def)).toString("base64url");
}

/** The query string of a list view, with `over` replacing parts (e.g. another tab, sort or page). */
export function listQuery(v: ListView, over: Partial<ListView> & { after?: string | undefined } = {}): string {
  const m = { ...v, ...over };
  const params = new URLSearchParams();
  if (m.tab === "leads") params.set("tab", "leads");
  if (m.q) params.set("q", m.q);
  if (m.sort.key !== "last_seen_at" || m.sort.dir !== "desc") {
    params.set("sort", m.sort.key);
    params.set("dir", m.sort.dir);
  }
  if (m.definition !== undefined) params.set("f", encodeFilter(m.definition));
  if (over.after) params.set("after", over.after);
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** `/contacts` plus the view's query string. */
export function listUrl(v: ListView, over: Partial<ListView> & { after?: string | undefined } = {}): string {
  return `/contacts${listQuery(v, over)}`;
}
