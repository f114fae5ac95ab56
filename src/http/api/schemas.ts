import { z } from "zod";

/** An id clients may send as a string or (older clients) a number. */
export const idString = z.union([z.string().trim().min(1).max(255), z.number().int().transform(String)]);

/** Unix seconds (or an ISO 8601 string) → epoch ms. */
export const unixTime = z.union([
  z.number().int().nonnegative().transform((s) => s * 1000),
  z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso)),
]);
