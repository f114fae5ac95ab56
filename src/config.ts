import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_PATH: z.string().default("./data/parley.db"),
  MIGRATIONS_DIR: z.string().default("./migrations"),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  DKIM_DOMAIN: z.string().optional(),
  DKIM_SELECTOR: z.string().optional(),
  DKIM_PRIVATE_KEY: z.string().optional(),
  INBOUND_DOMAIN: z.string().optional(),
  INBOUND_EMAIL_TOKEN: z.string().min(16).optional(),
  SMTP_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LOG_LEVEL: z.enum(["info", "silent"]).default("info"),
  PARLEY_API_TOKEN: z.string().min(16).optional(),
  PARLEY_WRITE_KEY: z.string().min(8).optional(),
  PARLEY_IDENTITY_SECRET: z.string().min(16).optional(),
  PARLEY_ADMIN_EMAIL: z.email().optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(8).optional(),
  API_RATE_LIMIT: z.coerce.number().int().positive().default(10_000),
  SEGMENT_REFRESH_CRON: z.string().default("* * * * *"),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  /** Reverse proxies in front of Parley whose X-Forwarded-For is believed (0 = use the TCP peer address). */
  TRUST_PROXY: z.preprocess((v) => (v === "true" ? "1" : v === "false" ? "0" : v), z.coerce.number().int().min(0).max(10)).default(0),
  MESSENGER_EMAIL_AFTER_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  UPLOADS_DIR: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  WIDGET_BOOT_RATE_LIMIT: z.coerce.number().int().positive().default(60),
});

export type Config = Omit<z.infer<typeof schema>, "PUBLIC_URL"> & { PUBLIC_URL: string };

/** Parses the environment once at boot; the only reader of process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const host = c.HOST === "0.0.0.0" ? "localhost" : c.HOST;
  const publicUrl = (c.PUBLIC_URL ?? `http://${host}:${c.PORT}`).replace(/\/+$/, "");
  return { ...c, PUBLIC_URL: publicUrl };
}

/** Config for tests: in-memory database, silent logs. */
export function testConfig(over: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATABASE_PATH: ":memory:", LOG_LEVEL: "silent", PUBLIC_URL: "http://parley.test" }), ...over };
}
