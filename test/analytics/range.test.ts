import { describe, expect, it } from "vitest";
import { readRange } from "../../src/http/admin/reports/range.js";
import { AppError } from "../../src/lib/errors.js";

const NOW = Date.parse("2026-03-10T15:00:00Z");

describe("report date range", () => {
  it("defaults to the last 30 UTC days, swaps a reversed range and caps it at two years", () => {
    expect(readRange({}, NOW)).toMatchObject({ fromDay: "2026-02-09", toDay: "2026-03-10", to: Date.parse("2026-03-11") });
    expect(readRange({ from: "2026-03-05", to: "2026-03-01" }, NOW)).toMatchObject({ fromDay: "2026-03-01", toDay: "2026-03-05" });
    expect(readRange({ from: "2020-01-01", to: "2026-03-01" }, NOW).fromDay).toBe("2024-03-01");
  });

  it("refuses a day that does not exist or is not a day, naming the field", () => {
    for (const [q, field] of [[{ from: "2026-02-31" }, "from"], [{ to: "yesterday" }, "to"], [{ to: "2026-3-1" }, "to"]] as const) {
      try {
        readRange(q, NOW);
        expect.unreachable(`${JSON.stringify(q)} was accepted`);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).field).toBe(field);
      }
    }
  });
});
