import type { Contact } from "../contacts/index.js";

const CAMEL = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A contact attribute by the name segments use: a standard field (`signed_up_at`) or a custom one (bare or `custom_attributes.x`). */
export function contactAttribute(c: Contact, name: string): unknown {
  if (name.startsWith("custom_attributes.")) return c.customAttributes[name.slice("custom_attributes.".length)];
  const key = CAMEL(name.replace(/^location\./, ""));
  if (key in c && key !== "customAttributes") return (c as unknown as Record<string, unknown>)[key];
  return c.customAttributes[name];
}
