import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { AdminEnv } from "./env.js";

const require = createRequire(import.meta.url);

/** Browser libraries served from node_modules (no CDN): resolved by package, so hoisting does not matter. */
const VENDOR: Record<string, string> = {
  "htmx.min.js": require.resolve("htmx.org/dist/htmx.min.js"),
  "htmx-ext-sse.min.js": require.resolve("htmx-ext-sse/dist/sse.min.js"),
  // chart.js exports no dist/ subpaths: locate the UMD build next to its main entry (dist/chart.cjs).
  "chart.umd.min.js": join(dirname(require.resolve("chart.js")), "chart.umd.min.js"),
};

/** `/vendor/*` from memory and `/static/*` (Parley's own CSS, scripts, images) from ./static. */
export function assetRoutes(app: Hono<AdminEnv>): void {
  const cache = new Map<string, Buffer>();
  app.get("/vendor/:file", (c) => {
    const path = VENDOR[c.req.param("file")];
    if (!path) return c.notFound();
    let body = cache.get(path);
    if (!body) cache.set(path, (body = readFileSync(path)));
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", "public, max-age=86400");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(new Uint8Array(body));
  });
  app.use(
    "/static/*",
    serveStatic({
      root: "./",
      onFound: (_path, c) => {
        // Own assets change with each deploy and carry no version in their URL: revalidate every time.
        c.header("Cache-Control", "no-cache");
        c.header("X-Content-Type-Options", "nosniff");
      },
    }),
  );
}
