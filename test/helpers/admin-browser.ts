import type { Page } from "playwright-core";
import { createOperator } from "../../src/operators/create.js";
import type { TestApp } from "./app.js";
import { launchBrowser, serveApp } from "./browser.js";

export type Server = Awaited<ReturnType<typeof serveApp>>;
export type Browser = Awaited<ReturnType<typeof launchBrowser>>;
export interface Owner {
  name: string;
  email: string;
  password: string;
}

/** The app served with `owner` able to sign in, and a Chromium; `seed` fills the database before the browser starts. */
export async function startAdmin(owner: Owner, seed?: (t: TestApp) => unknown): Promise<{ server: Server; browser: Browser }> {
  const server = await serveApp();
  createOperator(server.t.ctx, { ...owner, role: "owner" });
  await seed?.(server.t);
  return { server, browser: await launchBrowser() };
}

/** Closes what `startAdmin` opened (either may be missing when start-up failed). */
export async function stopAdmin(server: Server | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.dispose();
  await server?.close();
}

/** Signs `owner` in through the login form and waits for the home page. */
export async function signIn(page: Page, url: string, owner: Owner): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill("#f-email", owner.email);
  await page.fill("#f-password", owner.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click("button[type=submit]")]);
}

/** Sends a Segment `identify` for a user through the real endpoint; throws unless it is accepted. */
export async function identify(server: Server, userId: string, traits: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/v1/identify`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${server.t.writeKey}:`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ userId, traits }),
  });
  if (res.status !== 200) throw new Error(`identify ${userId}: ${res.status} ${await res.text()}`);
}
