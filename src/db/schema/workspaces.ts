import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";

/** A workspace is one app (production or test); `id_code` is the public app id used by the widget. */
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    idCode: text("id_code").notNull(),
    name: text("name").notNull(),
    environment: text("environment", { enum: ["production", "test"] }).notNull(),
    /** Production and test workspaces of one app share a pair id. */
    pairId: text("pair_id").notNull(),
    writeKey: text("write_key").notNull(),
    identitySecret: text("identity_secret").notNull(),
    identityEnforced: integer("identity_enforced", { mode: "boolean" }).notNull().default(false),
    timezone: text("timezone").notNull().default("UTC"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("workspaces_id_code").on(t.idCode), uniqueIndex("workspaces_write_key").on(t.writeKey)],
);

/** API access tokens; only a SHA-256 hash is stored, the token is shown once. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** First characters, so operators can tell tokens apart. */
    prefix: text("prefix").notNull(),
    operatorId: integer("operator_id"),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_ws").on(t.workspaceId)],
);

/** Teammates. Integer ids because Intercom's API exposes admin ids as integers. */
export const operators = sqliteTable(
  "operators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ["owner", "admin", "agent"] }).notNull(),
    awayMode: integer("away_mode", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("operators_email").on(sql`lower(${t.email})`)],
);
