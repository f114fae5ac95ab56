import type { Ctx } from "../context.js";
import { readSetting, writeSetting } from "../workspaces/settings.js";
import { DEFAULT_COLUMNS, type ContactColumn } from "./columns.js";

const MAX_COLUMNS = 12;

/** Settings row holding one operator's choice: per operator, and per workspace because custom attributes differ. */
function where(operatorId: number, workspaceId: string): [scope: string, key: string] {
  return [`operator:${operatorId}`, `contacts.columns.${workspaceId}`];
}

/** The columns an operator chose for the contacts list (the defaults until they choose), known columns only. */
export function chosenColumns(ctx: Ctx, operatorId: number, workspaceId: string, available: ContactColumn[]): ContactColumn[] {
  const saved = readSetting(ctx, ...where(operatorId, workspaceId));
  const keys = Array.isArray(saved) && saved.every((k) => typeof k === "string") ? (saved as string[]) : DEFAULT_COLUMNS;
  const byKey = new Map(available.map((c) => [c.key, c]));
  const picked = keys.map((k) => byKey.get(k)).filter((c): c is ContactColumn => c !== undefined);
  return picked.length > 0 ? picked : DEFAULT_COLUMNS.map((k) => byKey.get(k)!).filter(Boolean);
}

/** Remembers an operator's columns; unknown keys are dropped and at most 12 are kept, in the given order. */
export function saveChosenColumns(ctx: Ctx, operatorId: number, workspaceId: string, keys: string[], available: ContactColumn[]): string[] {
  const known = new Set(available.map((c) => c.key));
  const clean = [...new Set(keys)].filter((k) => known.has(k)).slice(0, MAX_COLUMNS);
  writeSetting(ctx, ...where(operatorId, workspaceId), clean.length > 0 ? clean : DEFAULT_COLUMNS);
  return clean;
}
