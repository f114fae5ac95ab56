/**
 * Admin contacts list benchmark (issue #3, PERF.md §3 row 6): `npm run bench -- contacts [--contacts N --reps R]`.
 * The list page (page 1, 50 rows, default sort last seen) and its count under a 3-condition filter, through the
 * real domain functions, interleaved with hand-written SQL for the same page and count; then a substring search.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFilter } from "../../src/contacts/admin-filter.js";
import { countAdminContacts, DEFAULT_SORT, listAdminContacts } from "../../src/contacts/admin-list.js";
import { dataset, NOW, WORKSPACE } from "../data/generate.js";
import { benchCtx } from "../lib/bench-ctx.js";
import { interleave, pairedRatio, time, timing, tm } from "../lib/timing.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const DAY = 86_400_000;

/** plan eq pro AND country eq DE AND signed up more than 30 days ago (≈1.8% of contacts). */
export const FILTER = {
  match: "all",
  conditions: [
    { attribute: "plan", op: "eq", value: "pro" },
    { attribute: "country", op: "eq", value: "DE" },
    { attribute: "signed_up_at", op: "more_than_days_ago", value: 30 },
  ],
};

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? dflt);
}

export async function main(args: string[]): Promise<void> {
  const contacts = flag(args, "contacts", 1_000_000);
  const reps = flag(args, "reps", 200);
  const file = dataset(contacts, 0);
  const { ctx, close } = benchCtx(file);
  const db = ctx.db.$client;
  console.log(`contacts bench: ${contacts} contacts (${file}), ${reps} interleaved reps, warm`);
  const { where } = compileFilter(ctx, WORKSPACE, FILTER);
  const query = { role: "user" as const, filter: where, sort: DEFAULT_SORT };
  const cut = NOW - 30 * DAY;
  const handPage = db.prepare(
    `SELECT * FROM contacts WHERE workspace_id = ? AND archived = 0 AND role = 'user' AND last_seen_at IS NOT NULL
     AND json_extract(custom_attributes, '$.plan') = 'pro' AND country = 'DE' AND signed_up_at < ?
     ORDER BY last_seen_at DESC, id DESC LIMIT 51`,
  );
  const handCount = db.prepare(
    `SELECT count(*) FROM contacts WHERE workspace_id = ? AND archived = 0 AND role = 'user'
     AND json_extract(custom_attributes, '$.plan') = 'pro' AND country = 'DE' AND signed_up_at < ?`,
  ).pluck();

  const page = listAdminContacts(ctx, WORKSPACE, query, { limit: 50 });
  const hand = handPage.all(WORKSPACE, cut) as { id: string }[];
  if (page.rows.map((r) => r.id).join() !== hand.slice(0, 50).map((r) => r.id).join()) throw new Error("the list page and the hand-written page differ");
  const count = countAdminContacts(ctx, WORKSPACE, query);
  if (count !== handCount.get(WORKSPACE, cut)) throw new Error("the counts differ");

  const runs = interleave({
    page: () => listAdminContacts(ctx, WORKSPACE, query, { limit: 50 }),
    handPage: () => handPage.all(WORKSPACE, cut),
    count: () => countAdminContacts(ctx, WORKSPACE, query),
    handCount: () => handCount.get(WORKSPACE, cut),
  }, reps, 5);
  const t = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, timing(v)]));
  const pageRatio = t.page!.p95 / t.handPage!.p95;
  const countRatio = t.count!.p95 / t.handCount!.p95;
  console.log(`filter: ${JSON.stringify(FILTER.conditions)} → ${count} contacts`);
  console.log(`list page 1 (50 rows): ${tm(t.page!)}   hand-written: ${tm(t.handPage!)}   p95 ratio ${pageRatio.toFixed(2)}x (aim ≤ 2x) ${pageRatio <= 2 ? "PASS" : "MISS"}`);
  console.log(`count:                 ${tm(t.count!)}   hand-written: ${tm(t.handCount!)}   p95 ratio ${countRatio.toFixed(2)}x (aim ≤ 2x) ${countRatio <= 2 ? "PASS" : "MISS"}`);
  const pr = pairedRatio(runs.page!, runs.handPage!);
  const cr = pairedRatio(runs.count!, runs.handCount!);
  console.log(`per-round ratios, median [min–max]: page ${pr.median.toFixed(2)} [${pr.min.toFixed(2)}–${pr.max.toFixed(2)}], count ${cr.median.toFixed(2)} [${cr.min.toFixed(2)}–${cr.max.toFixed(2)}]`);

  // Quick search: a substring of name/email/external id (a scan by design) and an exact contact id.
  const search = (term: string) => () => listAdminContacts(ctx, WORKSPACE, { role: "user", search: term, sort: DEFAULT_SORT }, { limit: 50 });
  const hits = listAdminContacts(ctx, WORKSPACE, { role: "user", search: "user12345", sort: DEFAULT_SORT }, { limit: 50 }).rows.length;
  const sub = interleave({ substring: search("user12345"), exactId: search("ct_00012345") }, Math.max(5, Math.floor(reps / 20)), 1);
  const ts = { substring: timing(sub.substring!), exactId: timing(sub.exactId!) };
  console.log(`substring search "user12345" (${hits} hits): ${tm(ts.substring)}; exact id: ${tm(ts.exactId)}`);
  const filtered = time(() => listAdminContacts(ctx, WORKSPACE, { ...query, search: "user1" }, { limit: 50 }));
  console.log(`filter + substring "user1": ${filtered.toFixed(1)} ms (one call)`);

  close();
  mkdirSync(join(root, "bench/results"), { recursive: true });
  const path = join(root, `bench/results/contacts-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(path, JSON.stringify({ contacts, reps, count, times: t, pageRatioP95: pageRatio, countRatioP95: countRatio, perRound: { page: pr, count: cr }, search: { hits, ...ts }, filteredSearchMs: filtered }, null, 2));
  console.log(`results: ${path}`);
}
