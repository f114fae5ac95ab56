/**
 * The statistics behind A/B verdicts: a pooled two-proportion z-test and the Bayesian probability that one rate
 * beats another under uniform Beta(1, 1) priors. Pure functions, checked against textbook tables in tests.
 */

/** erfc(x) with fractional error below 1.2e-7 everywhere (Numerical Recipes, Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

export interface ZTest {
  /** Rate of the treatment minus rate of the baseline. */
  diff: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Pooled two-proportion z-test of treatment (`s2` of `n2`) against baseline (`s1` of `n1`). With no variance
 * (both rates 0 or both 1) there is no evidence either way: z = 0, p = 1.
 */
export function twoProportionZTest(s1: number, n1: number, s2: number, n2: number): ZTest {
  if (n1 <= 0 || n2 <= 0) return { diff: 0, z: 0, p: 1 };
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const pooled = (s1 + s2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { diff: p2 - p1, z: 0, p: 1 };
  const z = (p2 - p1) / se;
  return { diff: p2 - p1, z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Above this many treatment successes the exact sum is replaced by its normal approximation (already exact to ~1e-4). */
const EXACT_LIMIT = 50_000;

/**
 * P(rate of treatment > rate of baseline) with Beta(1 + successes, 1 + failures) posteriors. Exact closed form
 * for integer parameters (a sum over the treatment's successes, in log space); a normal approximation of the two
 * posteriors beyond EXACT_LIMIT.
 */
export function probabilityToBeat(s1: number, n1: number, s2: number, n2: number): number {
  const aA = 1 + s1, bA = 1 + n1 - s1, aB = 1 + s2, bB = 1 + n2 - s2;
  if (s2 > EXACT_LIMIT) {
    const mean = (a: number, b: number) => a / (a + b);
    const variance = (a: number, b: number) => (a * b) / ((a + b) ** 2 * (a + b + 1));
    return normalCdf((mean(aB, bB) - mean(aA, bA)) / Math.sqrt(variance(aA, bA) + variance(aB, bB)));
  }
  const base = logBeta(aA, bA);
  let total = 0;
  for (let i = 0; i < aB; i++) {
    total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - base);
  }
  return Math.min(1, Math.max(0, total));
}
