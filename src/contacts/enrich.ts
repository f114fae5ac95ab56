import { createRequire } from "node:module";
import UAParser from "ua-parser-js";

const require = createRequire(import.meta.url);

export interface Device {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  device: string | null;
}

export interface Location {
  city: string | null;
  region: string | null;
  country: string | null;
  countryCode: string | null;
  continentCode: string | null;
  timezone: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * Results for the latest distinct inputs: a contact's browser sends the same User-Agent and IP with every event,
 * and parsing one (~20 µs) or searching the geo database costs more than storing the event. Entries are frozen.
 */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, compute: (key: string) => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.map.delete(key);
      this.map.set(key, hit!);
      return hit!;
    }
    const v = compute(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, v);
    return v;
  }
}

const agents = new Lru<Readonly<Device>>(2_000);
const places = new Lru<Readonly<Location> | null>(20_000);

/** Browser, OS and device class from a User-Agent string. */
export function parseUserAgent(ua: string): Readonly<Device> {
  return agents.get(ua, (s) => Object.freeze(parseAgent(s)));
}

function parseAgent(ua: string): Device {
  const r = new UAParser(ua).getResult();
  const os = [r.os.name, r.os.version].filter(Boolean).join(" ");
  return {
    browser: r.browser.name ?? null,
    browserVersion: r.browser.version ?? null,
    os: os || null,
    device: r.device.type ?? (r.os.name ? "desktop" : null),
  };
}

type GeoLookup = (ip: string) => { country: string; region: string; city: string; timezone: string; ll?: [number, number] } | null;
let geo: GeoLookup | undefined;
const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
const SOUTH_AMERICA = new Set(["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PE", "PY", "SR", "UY", "VE"]);

/** Loaded on first use: the offline database takes ~1 s and ~150 MB, tests that never geolocate skip it. */
function geoLookup(): GeoLookup {
  geo ??= (require("geoip-lite") as { lookup: GeoLookup }).lookup;
  return geo;
}

/** City/region/country/timezone for an IP from the bundled offline database; null for private/unknown IPs. */
export function locateIp(ip: string): Readonly<Location> | null {
  return places.get(ip, (s) => {
    const loc = locate(s);
    return loc && Object.freeze(loc);
  });
}

function locate(ip: string): Location | null {
  const hit = geoLookup()(ip.replace(/^::ffff:/, ""));
  if (!hit || !hit.country) return null;
  return {
    city: hit.city || null,
    region: hit.region || null,
    country: countryNames.of(hit.country) ?? hit.country,
    countryCode: hit.country,
    continentCode: continentOf(hit.country, hit.timezone),
    timezone: hit.timezone || null,
    latitude: hit.ll?.[0] ?? null,
    longitude: hit.ll?.[1] ?? null,
  };
}

/** Continent from the country's time zone area (geoip-lite has no continent field). */
function continentOf(countryCode: string, tz: string): string | null {
  const area = tz.split("/")[0];
  if (area === "America") return SOUTH_AMERICA.has(countryCode) ? "SA" : "NA";
  const map: Record<string, string> = { Europe: "EU", Asia: "AS", Africa: "AF", Australia: "OC", Pacific: "OC", Antarctica: "AN", Atlantic: "EU", Indian: "AS" };
  return (area && map[area]) ?? null;
}
