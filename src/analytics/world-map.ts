import { createRequire } from "node:module";
import { geoNaturalEarth1, geoPath, type GeoProjection } from "d3-geo";
import countries from "i18n-iso-countries";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

const require = createRequire(import.meta.url);

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

export interface MapShape {
  /** ISO 3166-1 alpha-2, or null for shapes without one (e.g. disputed areas). */
  code: string | null;
  name: string;
  d: string;
}

interface WorldMap {
  shapes: MapShape[];
  projection: GeoProjection;
}

let cached: WorldMap | undefined;

/**
 * Country outlines as SVG paths (Natural Earth 1:110m from world-atlas, projected with d3-geo), computed once per
 * process: the map is drawn on the server, nothing is fetched from outside.
 */
export function worldMap(): WorldMap {
  if (cached) return cached;
  const topo = require("world-atlas/countries-110m.json") as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries);
  const projection = geoNaturalEarth1().fitSize([MAP_WIDTH, MAP_HEIGHT], fc);
  const path = geoPath(projection);
  const shapes = fc.features.map((f) => ({
    code: (f.id !== undefined && countries.numericToAlpha2(String(f.id))) || null,
    name: f.properties?.name ?? "",
    d: (path(f) ?? "").replace(/(\.\d)\d+/g, "$1"),
  }));
  cached = { shapes, projection };
  return cached;
}

/** Where a longitude/latitude falls on the map, or null when the projection cannot place it. */
export function project(lon: number, lat: number): [number, number] | null {
  const p = worldMap().projection([lon, lat]);
  return p ? [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] : null;
}
