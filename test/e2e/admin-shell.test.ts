/// <reference lib="dom" />
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { issueSetupToken } from "../../src/operators/setup-token.js";
import { findWorkspaceByToken, getWorkspace } from "../../src/workspaces/index.js";
import { listWorkspaceTokens } from "../../src/workspaces/settings.js";
import { describeBrowser, launchBrowser, serveApp, watchErrors } from "../helpers/browser.js";

type Server = Awaited<ReturnType<typeof serveApp>>;
const OWNER = { name: "Olga Owner", email: "olga@example.test", password: "correct horse battery" };

describeBrowser("admin shell in Chromium", () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    server = await serveApp();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.dispose();
    await server?.close();
  });

  it("setup → sign out → sign in → token shown once → revoke → install → enforce → switch workspace, no console errors", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await setUpOwner(page, server);
    await signOutAndIn(page, server.url);
    await createAndRevokeToken(page, server);
    await checkInstallAndKeys(page, server);
    await switchToTest(page, server);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("refuses a cross-site form POST that carries no CSRF token", async () => {
    const { url, t } = server;
    const before = listWorkspaceTokens(t.ctx, t.workspace.id).length;
    await browser.route("http://evil.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!DOCTYPE html><link rel="icon" href="data:,"><form id="f" method="post" action="${url}/settings/tokens">
          <input name="name" value="planted"></form><script>document.getElementById("f").submit()</script>`,
      }),
    );
    const page = await browser.newPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${url}/settings/tokens` && r.request().method() === "POST"),
      page.goto("http://evil.test/"),
    ]);
    expect(response.status()).toBe(403);
    await page.getByRole("heading", { name: "Request refused" }).waitFor();
    expect(listWorkspaceTokens(t.ctx, t.workspace.id).length).toBe(before);
    await page.close();
  }, 60_000);
});

async function setUpOwner(page: Page, { url, t }: Server): Promise<void> {
  const setupToken = issueSetupToken(t.ctx);
  await page.goto(`${url}/`);
  expect(new URL(page.url()).pathname).toBe("/setup");
  await page.fill("#f-token", setupToken);
  await page.fill("#f-name", OWNER.name);
  await page.fill("#f-email", OWNER.email);
  await page.fill("#f-password", OWNER.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click("button[type=submit]")]);
  await page.getByText("Parley is ready").waitFor();
  expect(await page.evaluate(() => (window as unknown as { htmx: { version: string } }).htmx.version)).toBe("2.0.11");
}

async function signOutAndIn(page: Page, url: string): Promise<void> {
  await Promise.all([page.waitForURL(/\/login$/), page.click("text=Sign out")]);
  await page.getByText("You are signed out.").waitFor();
  await page.fill("#f-email", OWNER.email);
  await page.fill("#f-password", OWNER.password);
  await Promise.all([page.waitForURL(`${url}/`), page.click("button[type=submit]")]);
  await page.getByRole("heading", { name: "Home" }).waitFor();
}

async function createAndRevokeToken(page: Page, { t }: Server): Promise<void> {
  await Promise.all([page.waitForURL(/\/settings\/tokens$/), page.click("nav[aria-label=Main] >> text=Settings")]);
  await page.fill("#f-name", "Backend sync");
  await page.click("text=Create token");
  const token = (await page.locator("#new-token").textContent())!;
  expect(token).toMatch(/^pk_/);
  expect(findWorkspaceByToken(t.ctx, token)?.workspace.id).toBe(t.workspace.id);
  await page.getByText("Token “Backend sync” created.").waitFor();

  await page.reload();
  const row = page.locator("tr", { hasText: "Backend sync" });
  await row.waitFor();
  expect(await page.locator("#new-token").count()).toBe(0);
  expect(await page.content()).not.toContain(token);

  page.once("dialog", (d) => void d.accept());
  await row.locator("text=Revoke").click();
  await row.locator(".badge", { hasText: "Revoked" }).waitFor();
  expect(findWorkspaceByToken(t.ctx, token)).toBeUndefined();
}

async function checkInstallAndKeys(page: Page, { url, t }: Server): Promise<void> {
  await Promise.all([page.waitForURL(/\/settings\/install$/), page.click("nav[aria-label=Settings] >> text=Install")]);
  const snippet = await page.locator("#snippet-messenger").textContent();
  expect(snippet).toContain(`s.src="${url}/widget/${t.workspace.idCode}"`);
  expect(snippet).toContain(`app_id: "${t.workspace.idCode}"`);

  await Promise.all([page.waitForURL(/\/settings\/keys$/), page.click("nav[aria-label=Settings] >> text=Keys & identity")]);
  await page.click("text=Enforce identity verification");
  await page.getByText("Saved.").waitFor();
  expect(getWorkspace(t.ctx, t.workspace.id).identityEnforced).toBe(true);
  await page.click("text=Reveal secret");
  expect(await page.locator("#identity-secret-value").textContent()).toBe(t.workspace.identitySecret);
}

async function switchToTest(page: Page, { t }: Server): Promise<void> {
  await page.click("details.switcher summary");
  await Promise.all([page.waitForURL(/\/settings\/keys$/), page.click(`button.switcher-option[value="${t.testWorkspace.id}"]`)]);
  await page.getByText("You are in the test workspace").waitFor();
  expect(await page.locator("#app-id").textContent()).toBe(t.testWorkspace.idCode);
}
