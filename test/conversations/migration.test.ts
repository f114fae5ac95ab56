import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testConfig } from "../../src/config.js";
import { openDb } from "../../src/db/client.js";

const config = testConfig();

describe("full-text search migration", () => {
  it("ships src/conversations/fts.sql as a custom migration after the generated ones", () => {
    const dir = config.MIGRATIONS_DIR;
    const custom = readdirSync(dir).filter((f) => f.endsWith("_conversations_fts.sql"));
    // Regenerating migrations drops custom ones; see src/conversations/CONTEXT.md for the command that restores it.
    expect(custom, "migrations/*_conversations_fts.sql is missing").toHaveLength(1);
    expect(readFileSync(join(dir, custom[0]!), "utf8")).toBe(readFileSync("src/conversations/fts.sql", "utf8"));
    const journal = JSON.parse(readFileSync(join(dir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    expect(journal.entries.map((e) => e.tag)).toContain(custom[0]!.replace(/\.sql$/, ""));
  });

  it("gives a fresh database the FTS5 table and its delete trigger", () => {
    const db = openDb(":memory:", config.MIGRATIONS_DIR);
    const rows = db.$client.prepare("SELECT type, name FROM sqlite_master WHERE name LIKE 'conversation_parts_fts%' AND type IN ('table','trigger')").all();
    expect(rows).toEqual(expect.arrayContaining([
      { type: "table", name: "conversation_parts_fts" },
      { type: "trigger", name: "conversation_parts_fts_delete" },
    ]));
    db.$client.close();
  });
});
