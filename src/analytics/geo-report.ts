import type { Database } from "better-sqlite3";
import type { Table } from "./audience.js";
import type { Range } from "./funnel-inputs.js";

export interface CountryCount {
  code: string;
  name: string;
  contacts: number;
}

export interface CityCount {
  city: string;
  countryCode: string;
  /** The city's coordinates, rounded to one decimal (about 10 km): a place, never a person's position. */
  lat: number;
  lon: number;
  contacts: number;
}

export interface GeoReport {
  total: number;
  /** Contacts in the range with no known location. */
  unknown: number;
  countries: CountryCount[];
  cities: CityCount[];
  /** Cities with fewer contacts than this are left off the map and its export (folded into the country figure). */
  minCityContacts: number;
}

export interface GeoOptions {
  maxCities?: number;
  /** A city dot for one or two people could point at them; 3 by default. */
  minCityContacts?: number;
}

export const GEO_TABLES = ["countries", "cities"] as const;
export type GeoTable = (typeof GEO_TABLES)[number];

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const countryName = (code: string) => {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
};

/** Control characters have no place in a place name and would make the SVG export unreadable XML. */
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f\ufffe\uffff]/g, "").trim();

interface Group {
  code: string | null;
  city: string | null;
  n: number;
  located: number;
  lat: number | null;
  lon: number | null;
}

/**
 * Contacts last seen in the range, counted per country and per city. Only counts leave this function: no names,
 * emails or ids, so the map and its exports can be shown publicly. Archived contacts are left out. One pass over
 * the range (through `contacts_ws_last_seen`): totals and countries are summed from the (country, city) groups.
 */
export function geoReport(db: Database, ws: string, range: Range, opts: GeoOptions = {}): GeoReport {
  const { maxCities = 300, minCityContacts = 3 } = opts;
  const groups = db
    .prepare(
      `SELECT country_code AS code, city, count(*) AS n,
         sum(latitude IS NOT NULL AND longitude IS NOT NULL) AS located,
         avg(CASE WHEN longitude IS NOT NULL THEN latitude END) AS lat, avg(CASE WHEN latitude IS NOT NULL THEN longitude END) AS lon
       FROM contacts WHERE workspace_id = ? AND archived = 0 AND last_seen_at >= ? AND last_seen_at < ?
       GROUP BY country_code, city`,
    )
    .all(ws, range.from, range.to) as Group[];
  let total = 0;
  let unknown = 0;
  const byCountry = new Map<string, number>();
  const cities: CityCount[] = [];
  for (const g of groups) {
    total += g.n;
    if (g.code === null) unknown += g.n;
    else byCountry.set(g.code, (byCountry.get(g.code) ?? 0) + g.n);
    const city = g.city === null ? "" : clean(g.city);
    if (city !== "" && g.code !== null && g.located >= minCityContacts && g.located > 0 && g.lat !== null && g.lon !== null) {
      cities.push({ city, countryCode: g.code, lat: Math.round(g.lat * 10) / 10, lon: Math.round(g.lon * 10) / 10, contacts: g.located });
    }
  }
  const byCount = <T extends { contacts: number }>(key: (x: T) => string) => (a: T, b: T) => b.contacts - a.contacts || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const countries = [...byCountry].map(([code, contacts]) => ({ code, name: clean(countryName(code)) || code, contacts }))
    .sort(byCount((c) => c.code));
  cities.sort(byCount((c) => c.city));
  return { total, unknown, countries, cities: cities.slice(0, maxCities), minCityContacts };
}

/** The report's tables for the page and the CSV export. */
export function geoTable(r: GeoReport, which: GeoTable): Table {
  if (which === "countries") return { columns: ["country_code", "country", "contacts"], rows: r.countries.map((c) => [c.code, c.name, c.contacts]) };
  return { columns: ["city", "country_code", "latitude", "longitude", "contacts"], rows: r.cities.map((c) => [c.city, c.countryCode, c.lat, c.lon, c.contacts]) };
}
