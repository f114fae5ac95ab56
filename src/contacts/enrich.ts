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
}

/** Browser, OS and device class from a User-Agent string. */
export function parseUserAgent(ua: string): Device {
  const r = new UAParser(ua).getResult();
  const os = [r.os.name, r.os.version].filter(Boolean).join(" ");
  return {
    browser: r.browser.name ?? null,
    browserVersion: r.browser.version ?? null,
    os: os || null,
    device: r.device.type ?? (r.os.name ? "desktop" : null),
  };
}

type GeoLookup = (ip: string) => { country: string; region: string; city: string; timezone: string } | null;
let geo: GeoLookup | undefined;
const countryNames = new Intl.DisplayNames(["en"], { type: "region" });
const SOUTH_AMERICA = new Set(["AR", "BO", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PE", "PY", "SR", "UY", "VE"]);

/** Loaded on first use: the offline database takes ~1 s and ~150 MB, tests that never geolocate skip it. */
function geoLookup(): GeoLookup {
  geo ??= (require("geoip-lite") as { lookup: GeoLookup }).lookup;
  return geo;
}

/** City/region/country/timezone for an IP from the bundled offline database; null for private/unknown IPs. */
export function locateIp(ip: string): Location | null {
  const hit = geoLookup()(ip.replace(/^::ffff:/, ""));
  if (!hit || !hit.country) return null;
  return {
    city: hit.city || null,
    region: hit.region || null,
    country: countryNames.of(hit.country) ?? hit.country,
    countryCode: hit.country,
    continentCode: continentOf(hit.country, hit.timezone),
    timezone: hit.timezone || null,
  };
}

/** Continent from the country's time zone area (geoip-lite has no continent field). */
function continentOf(countryCode: string, tz: string): string | null {
  const area = tz.split("/")[0];
  if (area === "America") return SOUTH_AMERICA.has(countryCode) ? "SA" : "NA";
  const map: Record<string, string> = { Europe: "EU", Asia: "AS", Africa: "AF", Australia: "OC", Pacific: "OC", Antarctica: "AN", Atlantic: "EU", Indian: "AS" };
  return (area && map[area]) ?? null;
}
