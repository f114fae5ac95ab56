import { describe, expect, it } from "vitest";
import { logGamma, normalCdf, probabilityToBeat, twoProportionZTest } from "../../src/outbound/abtest-math.js";

/** P(B > A) by direct numeric integration of f_B(x) · F_A(x) on a fine grid: an independent check of the closed form. */
function integrated(s1: number, n1: number, s2: number, n2: number): number {
  const steps = 20_000;
  const pdf = (a: number, b: number, x: number) => Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) - (logGamma(a) + logGamma(b) - logGamma(a + b)));
  const [aA, bA, aB, bB] = [1 + s1, 1 + n1 - s1, 1 + s2, 1 + n2 - s2];
  let cdfA = 0;
  let total = 0;
  const h = 1 / steps;
  for (let i = 0; i < steps; i++) {
    const x = (i + 0.5) * h;
    cdfA += pdf(aA, bA, x) * h * 0.5;
    total += pdf(aB, bB, x) * cdfA * h;
    cdfA += pdf(aA, bA, x) * h * 0.5;
  }
  return total;
}

describe("A/B statistics", () => {
  it("normal CDF matches the standard normal table", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
    expect(normalCdf(2.5758)).toBeCloseTo(0.995, 4);
  });

  it("log-gamma matches factorials and Γ(1/2) = √π", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });

  it("two-proportion z-test: 10% of 1,000 vs 13% of 1,000 gives z = 2.1027, p = 0.0355", () => {
    // By hand: pooled p = 0.115, SE = √(0.115 · 0.885 · 2/1000) = 0.014267, z = 0.03 / 0.014267.
    const t = twoProportionZTest(100, 1000, 130, 1000);
    expect(t.diff).toBeCloseTo(0.03, 10);
    expect(t.z).toBeCloseTo(2.1027, 4);
    expect(t.p).toBeCloseTo(0.0355, 4);
    // Symmetric: swapping the arms flips z and keeps p.
    const back = twoProportionZTest(130, 1000, 100, 1000);
    expect(back.z).toBeCloseTo(-t.z, 10);
    expect(back.p).toBeCloseTo(t.p, 10);
  });

  it("z-test on near-equal rates is far from significant, and degenerate tables give no evidence", () => {
    const t = twoProportionZTest(200, 2000, 200, 1900);
    expect(t.z).toBeCloseTo(0.5415, 4);
    expect(t.p).toBeCloseTo(0.5882, 4);
    expect(twoProportionZTest(0, 50, 0, 50)).toEqual({ diff: 0, z: 0, p: 1 });
    expect(twoProportionZTest(0, 0, 3, 10).p).toBe(1);
  });

  it("probability to beat: 1/2 for identical arms, complementary when swapped, equal to numeric integration", () => {
    expect(probabilityToBeat(10, 100, 10, 100)).toBeCloseTo(0.5, 8);
    expect(probabilityToBeat(0, 0, 0, 0)).toBeCloseTo(0.5, 8);
    const ab = probabilityToBeat(100, 1000, 130, 1000);
    const ba = probabilityToBeat(130, 1000, 100, 1000);
    expect(ab + ba).toBeCloseTo(1, 8);
    expect(ab).toBeGreaterThan(0.97);
    for (const [s1, n1, s2, n2] of [[100, 1000, 130, 1000], [3, 20, 7, 25], [40, 400, 38, 410], [0, 10, 2, 10]] as const) {
      expect(probabilityToBeat(s1, n1, s2, n2)).toBeCloseTo(integrated(s1, n1, s2, n2), 4);
    }
  });

  it("large arms use the normal approximation, which agrees with the exact sum near its limit", () => {
    const exact = probabilityToBeat(49_000, 500_000, 49_900, 500_000);
    const approx = probabilityToBeat(50_500, 500_000, 51_400, 500_000);
    expect(exact).toBeGreaterThan(0.99);
    expect(approx).toBeGreaterThan(0.99);
    expect(approx).toBeCloseTo(exact, 2);
  });
});
