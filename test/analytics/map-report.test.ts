import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { geoReport, geoTable, tableCsv } from "../../src/analytics/index.js";
import { worldMap, project } from "../../src/analytics/world-map.js";
import { contacts } from "../../src/db/schema/index.js";
import { DAY } from "../../src/lib/clock.js";
import { makeContact } from "../api/factories.js";
import { get, owner } from "../admin/support.js";
import { makeTestApp, type TestApp } from "../helpers/app.js";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const RANGE = { from: NOW - 30 * DAY, to: NOW + DAY };
let t: TestApp;

const BERLIN = { city: "Berlin", countryCode: "DE", latitude: 52.5196, longitude: 13.4069 };
const PARIS = { city: "Paris", countryCode: "FR", latitude: 48.8582, longitude: 2.3387 };

beforeEach(() => {
  t = makeTestApp({ now: NOW });
  const seen = { lastSeenAt: NOW - DAY };
  makeContact(t, { ...BERLIN, ...seen, name: "Ada Secret", email: "ada@secret.test" });
  makeContact(t, { ...BERLIN, ...seen });
  makeContact(t, { ...PARIS, ...seen });
  makeContact(t, { ...seen }); // location unknown
  makeContact(t, { ...PARIS, lastSeenAt: NOW - 90 * DAY }); // seen before the range
  makeContact(t, { ...PARIS, ...seen, archived: true });
});
afterEach(() => t.close());

describe("map report", () => {
  it("counts contacts seen in the range by country and city, with city-level coordinates", () => {
    const r = geoReport(t.ctx.db.$client, t.workspace.id, RANGE, { minCityContacts: 1 });
    expect(r).toMatchObject({ total: 4, unknown: 1 });
    expect(r.countries).toEqual([{ code: "DE", name: "Germany", contacts: 2 }, { code: "FR", name: "France", contacts: 1 }]);
    expect(r.cities).toEqual([
      { city: "Berlin", countryCode: "DE", lat: 52.5, lon: 13.4, contacts: 2 },
      { city: "Paris", countryCode: "FR", lat: 48.9, lon: 2.3, contacts: 1 },
    ]);
  });

  it("knows every country outline by its ISO code and places cities on the map", () => {
    const shapes = worldMap().shapes;
    expect(shapes.length).toBeGreaterThan(150);
    for (const code of ["DE", "FR", "US", "BR", "JP", "AU"]) expect(shapes.find((s) => s.code === code)?.d).toMatch(/^M/);
    const berlin = project(13.4, 52.5)!;
    const paris = project(2.3, 48.9)!;
    expect(berlin[0]).toBeGreaterThan(paris[0]); // east of Paris
    expect(berlin[1]).toBeLessThan(paris[1]); // north of Paris
  });

  it("draws the map on the page with no personal data, and exports SVG and CSV", async () => {
    const admin = owner(t);
    const hidden = await (await get(t, "/reports/map", admin)).text();
    expect(hidden).not.toContain("<title>Berlin"); // 2 contacts: below the default minimum of 3
    expect(hidden).toContain("<title>Germany: 2</title>");
    expect((await get(t, "/reports/map?min_city=0", admin)).status).toBe(400);
    const res = await get(t, "/reports/map?min_city=2", admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('class="world-map"');
    expect(html).toMatch(/<path class="country" d="M[^"]+" data-n="2" style="--share:1.00"><title>Germany: 2<\/title>/);
    expect(html).toContain("<title>Berlin: 2</title>");
    expect(html).not.toContain("Ada Secret");
    expect(html).not.toContain("ada@secret.test");
    const svg = await get(t, "/reports/map.svg?min_city=2", admin);
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const text = await svg.text();
    expect(text).toMatch(/^<\?xml[^>]+>\n<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).not.toContain("Ada Secret");
    const csv = await get(t, "/reports/map.csv?table=cities&min_city=2", admin);
    const expected = geoReport(t.ctx.db.$client, t.workspace.id, { from: Date.parse("2026-02-09"), to: Date.parse("2026-03-11") }, { minCityContacts: 2 });
    expect(expected.cities.map((c) => c.city)).toEqual(["Berlin"]);
    expect(await csv.text()).toBe(tableCsv(geoTable(expected, "cities")));
  });

  it("keeps hostile place names inert in the page, the SVG export and the CSV", async () => {
    const seen = { lastSeenAt: NOW - DAY, countryCode: "PE", latitude: -12.05, longitude: -77.04 };
    makeContact(t, { ...seen, city: '</title><script>alert(1)</script>\u0001"&' });
    makeContact(t, { ...seen, city: '=HYPERLINK("https://evil.example","x")', latitude: -13.5, longitude: -71.9 });
    const admin = owner(t);
    const svg = await (await get(t, "/reports/map.svg?min_city=1", admin)).text();
    const page = await (await get(t, "/reports/map?min_city=1", admin)).text();
    for (const text of [svg, page]) {
      expect(text).not.toContain("<script>alert");
      expect(text).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;: 1");
    }
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/); // control characters are not allowed in XML
    const csv = await (await get(t, "/reports/map.csv?table=cities&min_city=1", admin)).text();
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")",PE,-13.5,-71.9,1`);
  });

  it("fills coordinates from the offline database when a contact is seen from an IP", async () => {
    expect((await t.segment("/v1/identify", { userId: "u1", traits: {}, context: { ip: "8.8.8.8" } })).status).toBe(200);
    const row = t.ctx.db.select().from(contacts).all().find((c) => c.externalId === "u1")!;
    expect(row.countryCode).toBe("US");
    expect(row.latitude).toBeTypeOf("number");
    expect(row.longitude).toBeTypeOf("number");
  });
});
