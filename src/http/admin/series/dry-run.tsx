import type { Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { findContactByRef } from "../../../contacts/index.js";
import { AppError } from "../../../lib/errors.js";
import { dryRun, type DryRunInput } from "../../../series/index.js";
import { DryRunForm } from "../../../../views/series/dry-run.js";
import type { AdminEnv } from "../env.js";
import { formAuth, sendHtml } from "../render.js";

const LINE = /^(\d+(?:\.\d+)?)\s*([dhm])\s+([^\s].*)$/;

/** "2d project_created" / "30h login" / "90m login" lines → scripted events (hours after entering). */
export function parseScript(text: string): NonNullable<DryRunInput["events"]> {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((line, i) => {
    const m = LINE.exec(line);
    if (!m) throw new AppError("VALIDATION", `events: line ${i + 1} should look like "2d project_created" or "30h login"`, { field: "events" });
    const n = Number(m[1]);
    return { afterHours: m[2] === "d" ? n * 24 : m[2] === "h" ? n : n / 60, name: m[3]!.trim() };
  });
}

/** `POST /series/:id/dry-run`: the predicted path for a contact, rendered into the dry-run card. */
export function dryRunRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.post("/:id/dry-run", async (c) => {
    const ws = c.var.workspace.id;
    const id = c.req.param("id");
    const body = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") values[k] = v;
    try {
      const input: DryRunInput = { events: parseScript(values.events ?? ""), horizonDays: Number(values.days || 30) };
      const who = (values.contact ?? "").trim();
      if (who) {
        const contact = findContactByRef(ctx, ws, who.includes("@") ? { email: who } : { id: who });
        if (!contact) throw new AppError("VALIDATION", `contact: no contact '${who}'`, { field: "contact" });
        input.contactId = contact.id;
      } else {
        let attributes: unknown;
        try {
          attributes = JSON.parse(values.attributes?.trim() || "{}");
        } catch {
          throw new AppError("VALIDATION", "attributes: is not valid JSON", { field: "attributes" });
        }
        if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) throw new AppError("VALIDATION", "attributes: must be a JSON object", { field: "attributes" });
        input.contact = { attributes: attributes as Record<string, string> };
      }
      const result = dryRun(ctx, ws, id, input);
      return sendHtml(c, <DryRunForm seriesId={id} auth={formAuth(c)} values={values} result={result} />);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "VALIDATION") throw err;
      return sendHtml(c, <DryRunForm seriesId={id} auth={formAuth(c)} values={values} error={err.message} />, 422);
    }
  });
}
