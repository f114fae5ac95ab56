import type { CityCount, GeoReport } from "../../src/analytics/index.js";
import { MAP_HEIGHT, MAP_WIDTH, project, worldMap } from "../../src/analytics/world-map.js";
import { PageHeader } from "../components/page-header.js";
import { RangeForm, TableCard } from "./table-card.js";
import { geoTable } from "../../src/analytics/geo-report.js";

/** City dot radius: grows with the square root of the count, so areas compare honestly. */
const radius = (n: number, max: number) => 2 + 10 * Math.sqrt(n / Math.max(1, max));

/** The world map as an SVG element: countries shaded by their share of the busiest country, cities as dots. */
export function WorldMapSvg(p: { report: GeoReport; standalone?: boolean }) {
  const byCode = new Map(p.report.countries.map((c) => [c.code, c.contacts]));
  const maxCountry = Math.max(1, ...p.report.countries.map((c) => c.contacts));
  const maxCity = Math.max(1, ...p.report.cities.map((c) => c.contacts));
  const dot = (c: CityCount) => {
    const xy = project(c.lon, c.lat);
    if (!xy) return null;
    return (
      <circle class="city" cx={xy[0]} cy={xy[1]} r={radius(c.contacts, maxCity).toFixed(1)}>
        <title>{`${c.city}: ${c.contacts.toLocaleString("en-US")}`}</title>
      </circle>
    );
  };
  return (
    <svg class="world-map" viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} role="img" aria-label="Contacts by country and city"
      {...(p.standalone ? { xmlns: "http://www.w3.org/2000/svg" } : {})}>
      {p.standalone && <style>{".country{fill:#d7dde6;stroke:#fff;stroke-width:.4}.country[data-n]{fill:rgb(47 91 234/calc(.2 + var(--share,0)*.8))}.city{fill:#f59e0b;fill-opacity:.75;stroke:#8a4b00;stroke-width:.5}"}</style>}
      <g>
        {worldMap().shapes.map((s) => {
          const n = s.code ? byCode.get(s.code) : undefined;
          return n === undefined ? (
            <path class="country" d={s.d}><title>{s.name}</title></path>
          ) : (
            <path class="country" d={s.d} data-n={n} style={`--share:${(n / maxCountry).toFixed(2)}`}><title>{`${s.name}: ${n.toLocaleString("en-US")}`}</title></path>
          );
        })}
      </g>
      <g>{p.report.cities.map(dot)}</g>
    </svg>
  );
}

/** `/reports/map`: contacts by country and city, drawn offline; counts only, so it can be shown publicly. */
export function MapReportPage(p: { report: GeoReport; fromDay: string; toDay: string }) {
  const q = (extra: Record<string, string>) => new URLSearchParams({ ...extra, from: p.fromDay, to: p.toDay, min_city: String(p.report.minCityContacts) });
  return (
    <section id="map-report-page">
      <PageHeader title="Map" lead="Contacts last seen in the range, by country and city. Only counts: safe to show publicly."
        actions={<><a class="btn" href={`/reports/map.svg?${q({})}`} download>Download SVG</a> <a class="btn" href="/reports">All reports</a></>} />
      <RangeForm action="/reports/map" fromDay={p.fromDay} toDay={p.toDay} />
      <section class="card">
        <WorldMapSvg report={p.report} />
        <p class="map-legend">
          <span>{p.report.total.toLocaleString("en-US")} contacts</span>
          <span>{p.report.countries.length} countries</span>
          <span>{p.report.unknown.toLocaleString("en-US")} without a known location</span>
          <span>Cities with fewer than {p.report.minCityContacts} contacts are not shown, so no dot points at a person.</span>
        </p>
      </section>
      <TableCard id="countries" title="Countries" table={geoTable(p.report, "countries")} csv={`/reports/map.csv?${q({ table: "countries" })}`} />
      <TableCard id="cities" title="Cities" table={geoTable(p.report, "cities")} csv={`/reports/map.csv?${q({ table: "cities" })}`} />
    </section>
  );
}
