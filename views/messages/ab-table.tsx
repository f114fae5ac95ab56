import type { AbVerdict } from "../../src/outbound/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { n } from "./format.js";

const METRIC_LABELS: Record<AbVerdict["metric"], string> = {
  goal: "goal reached", clicked: "clicked", opened: "opened", replied: "replied", answered: "answered",
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pval = (p: number) => (p < 0.0001 ? "< 0.0001" : p.toFixed(4));

/**
 * The A/B table: each arm's rate on the judged figure, its difference from the baseline with the two-proportion
 * z-test's p-value and the probability to beat the baseline, and "promote" buttons while no winner is chosen.
 */
export function AbTable(p: { messageId: string; verdict: AbVerdict; winnerVariantId: string | null; auth: FormAuth; canPromote: boolean }) {
  const v = p.verdict;
  return (
    <section class="card" id="ab-test" aria-labelledby="ab-title">
      <div class="section-head">
        <h2 id="ab-title">A/B test</h2>
        <span class="muted small">Judged on: {METRIC_LABELS[v.metric]}{v.chosen ? " (chosen)" : " (automatic)"} · baseline: {v.baselineLabel === "Control" ? "control group" : `variant ${v.baselineLabel}`}</span>
      </div>
      <div class="table-wrap">
        <table class="table" id="ab-table">
          <thead>
            <tr>
              <th scope="col">Arm</th><th scope="col" class="num">Contacts</th><th scope="col" class="num">{METRIC_LABELS[v.metric]}</th>
              <th scope="col" class="num">Rate</th><th scope="col" class="num">vs baseline</th><th scope="col" class="num">p-value</th>
              <th scope="col" class="num">Chance to beat baseline</th><th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {v.arms.map((a) => (
              <tr data-arm={a.label} class={a.variantId && a.variantId === p.winnerVariantId ? "ab-winner" : undefined}>
                <th scope="row">{a.variantId ? `Variant ${a.label}` : "Control"}{a.isBaseline && <span class="badge">baseline</span>}
                  {a.variantId && a.variantId === p.winnerVariantId && <span class="badge ab-badge">winner</span>}</th>
                <td class="num">{n(a.n)}</td>
                <td class="num">{n(a.successes)}</td>
                <td class="num">{a.n > 0 ? pct(a.rate) : "–"}</td>
                <td class="num">{a.vsBaseline ? `${a.vsBaseline.diff >= 0 ? "+" : ""}${(100 * a.vsBaseline.diff).toFixed(1)} pts` : "–"}</td>
                <td class="num">{a.vsBaseline ? pval(a.vsBaseline.p) : "–"}</td>
                <td class="num">{a.vsBaseline ? pct(a.vsBaseline.probability) : "–"}</td>
                <td>
                  {p.canPromote && a.variantId && !p.winnerVariantId && (
                    <form method="post" action={`/messages/${p.messageId}/promote`} hx-post={`/messages/${p.messageId}/promote`}
                      hx-confirm={`Send variant ${a.label} to everyone from now on? The test ends${v.winner?.variantId === a.variantId ? "" : " (this variant is not a declared winner)"}.`}>
                      <AuthFields auth={p.auth} />
                      <input type="hidden" name="variant" value={a.variantId} />
                      <button type="submit" class={`btn btn-small${v.winner?.variantId === a.variantId ? " btn-primary" : ""}`}>Promote</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="small" id="ab-verdict">{p.winnerVariantId ? "The test is over: everyone new gets the promoted variant." : v.reason}</p>
      <p class="muted small">
        p-value: pooled two-proportion z-test, two-sided. Chance to beat: Beta(1 + {METRIC_LABELS[v.metric]}, 1 + the rest) posteriors.
        A winner needs {n(v.minSample)} contacts in every arm, p below 0.05 split over its comparisons, and a 95% chance to beat every other arm.
      </p>
    </section>
  );
}
