import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { Ctx } from "../../context.js";
import { findWorkspaceByIdCode } from "../../workspaces/index.js";
import type { WidgetEnv } from "./env.js";

/** The widget's source files, concatenated in this order into one function scope (each stays small). */
export const WIDGET_FILES = ["api.js", "render.js", "ui.js", "extras.js", "main.js", "intercom.js", "inapp.js"];

/**
 * static/widget is found from this module both under tsx (src/http/widget) and under `npm start`
 * (dist/src/http/widget): plain JS, served as written, so there is no build step for it.
 */
function widgetDir(): string {
  const candidates = ["../../../static/widget/", "../../../../static/widget/"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((d) => existsSync(`${d}intercom.js`));
  if (!found) throw new Error(`widget sources not found in ${candidates.join(" or ")}`);
  return found;
}

let bundle: { body: string; etag: string } | undefined;

/** The script as one IIFE (read once per process). */
export function widgetScript(): { body: string; etag: string } {
  if (bundle) return bundle;
  const dir = widgetDir();
  const parts = WIDGET_FILES.map((f) => `// ${f}\n${readFileSync(dir + f, "utf8")}`);
  const body = `/* Parley messenger */\n(function () {\n"use strict";\n${parts.join("\n")}\n})();\n`;
  bundle = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
  return bundle;
}

/**
 * `GET /widget/:appId`: the messenger script for a known app (404 otherwise). Cached briefly by browsers and
 * revalidated by ETag, since the URL carries no version and a deploy must reach pages within minutes.
 */
export function scriptRoute(app: Hono<WidgetEnv>, ctx: Ctx): void {
  app.get("/widget/:appId", (c) => {
    if (!findWorkspaceByIdCode(ctx, c.req.param("appId"))) {
      return c.text(`/* Parley: no messenger for app ${JSON.stringify(c.req.param("appId").slice(0, 64))} */`, 404, { "Content-Type": "text/javascript; charset=utf-8" });
    }
    const { body, etag } = widgetScript();
    const headers = {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      ETag: etag,
      "X-Content-Type-Options": "nosniff",
      "Access-Control-Allow-Origin": "*",
    };
    if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
    return c.body(body, 200, headers);
  });
}
