import { afterEach, describe, expect, it } from "vitest";
import { contacts, events } from "../../src/db/schema/index.js";
import { HOUR } from "../../src/lib/clock.js";
import { startOfDay, workspaceStats } from "../../src/workspaces/stats.js";
import { get, makeTestApp, owner, T0, type TestApp } from "./support.js";

let t: TestApp;
afterEach(() => t?.close());

let n = 0;
function addContact(workspaceId: string, role: "user" | "lead", archived = false): string {
  const id = `ct_home_${++n}`;
  t.ctx.db.insert(contacts).values({ id, workspaceId, role, archived, createdAt: T0, updatedAt: T0 }).run();
  return id;
}
function addEvent(workspaceId: string, contactId: string, at: number): void {
  t.ctx.db.insert(events).values({ id: `ev_home_${++n}`, workspaceId, contactId, name: "signed-in", createdAt: at, receivedAt: at }).run();
}

describe("home dashboard", () => {
  it("shows the install snippet while the workspace has no data", async () => {
    t = makeTestApp();
    const html = await (await get(t, "/", owner(t))).text();
    expect(html).toContain("No contacts or events yet");
    expect(html).toContain(`/widget/${t.workspace.idCode}`);
  });

  it("counts users, leads and today's events of the current workspace only", async () => {
    t = makeTestApp();
    const u = addContact(t.workspace.id, "user");
    addContact(t.workspace.id, "user");
    addContact(t.workspace.id, "user", true);
    addContact(t.workspace.id, "lead");
    const other = addContact(t.testWorkspace.id, "lead");
    addEvent(t.workspace.id, u, T0 - 1 * HOUR);
    addEvent(t.workspace.id, u, T0 - 13 * HOUR); // yesterday (T0 is 12:00 UTC)
    addEvent(t.testWorkspace.id, other, T0);
    expect(workspaceStats(t.ctx, t.workspace)).toEqual({ users: 2, leads: 1, eventsToday: 1, hasData: true });
    const html = await (await get(t, "/", owner(t))).text();
    expect(html).not.toContain("No contacts or events yet");
    expect(html).toMatch(/Users<\/span><span class="stat-value">2</);
    expect(html).toMatch(/Leads<\/span><span class="stat-value">1</);
    expect(html).toMatch(/Events today<\/span><span class="stat-value">1</);
  });

  it("starts 'today' at midnight in the workspace time zone", () => {
    const now = Date.UTC(2026, 0, 15, 3, 0); // 22:00 on the 14th in New York (UTC-5)
    expect(startOfDay(now, "UTC")).toBe(Date.UTC(2026, 0, 15));
    expect(startOfDay(now, "America/New_York")).toBe(Date.UTC(2026, 0, 14, 5));
    expect(startOfDay(now, "Asia/Tokyo")).toBe(Date.UTC(2026, 0, 14, 15));
    expect(startOfDay(now, "Not/AZone")).toBe(Date.UTC(2026, 0, 15));
  });
});
