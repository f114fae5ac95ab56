import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { settings } from "../db/schema/index.js";
import type { SetupTokenStore } from "./bootstrap.js";

const SCOPE = "global";
const KEY = "setup_token_hash";

/** The setup token's hash as a global row of the settings table (what the server uses). */
export function settingsSetupTokenStore(ctx: Ctx): SetupTokenStore {
  const where = and(eq(settings.scope, SCOPE), eq(settings.key, KEY));
  return {
    read: () => {
      const row = ctx.db.select({ value: settings.value }).from(settings).where(where).get();
      return typeof row?.value === "string" ? row.value : undefined;
    },
    write: (hash) => {
      if (hash === undefined) {
        ctx.db.delete(settings).where(where).run();
        return;
      }
      const updatedAt = ctx.clock.now();
      ctx.db
        .insert(settings)
        .values({ scope: SCOPE, key: KEY, value: hash, updatedAt })
        .onConflictDoUpdate({ target: [settings.scope, settings.key], set: { value: hash, updatedAt } })
        .run();
    },
  };
}
