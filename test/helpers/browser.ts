import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { describe } from "vitest";
import type { Config } from "../../src/config.js";
import { makeTestApp, type TestApp } from "./app.js";
import { listen } from "./http-server.js";

/** Debian's chromium package (installed by `.ci/run`); playwright never downloads a browser here. */
export const CHROMIUM = "/usr/bin/chromium";

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/**
 * `describe` for browser suites: skipped when Chromium is missing on a dev machine, but run (and
 * failing at launch) when CI=true, so CI can never pass by silently skipping.
 */
export const describeBrowser = existsSync(CHROMIUM) || process.env.CI === "true" ? describe : describe.skip;

/** A headless Chromium with a fresh throwaway profile (STACK.md G11: the profile dir is not a flag). */
export async function launchBrowser(): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "parley-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

/** The real app (in-memory SQLite, real migrations) on 127.0.0.1, with PUBLIC_URL set to where it listens. */
export async function serveApp(config: Partial<Config> = {}): Promise<{ url: string; t: TestApp; close(): Promise<void> }> {
  let t: TestApp | undefined;
  // The port is known only after listening, and PUBLIC_URL must name it: build the app lazily.
  const server = await listen({ fetch: (req: Request) => t!.app.fetch(req) });
  t = makeTestApp({ config: { PUBLIC_URL: server.url, ...config } });
  const app = t;
  return {
    url: server.url,
    t: app,
    close: async () => {
      await server.close();
      app.close();
    },
  };
}

/** Collects console errors and uncaught exceptions of a page, for a "no errors" assertion. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message}`));
  return errors;
}
