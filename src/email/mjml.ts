import { invalid } from "../lib/errors.js";

let renders = 0;

/** How many MJML renders this process has run: tests prove a template is rendered once, not per recipient. */
export function mjmlRenderCount(): number {
  return renders;
}

interface MjmlIssue {
  line?: number;
  message?: string;
  tagName?: string;
}

/**
 * MJML → HTML, the expensive step (~7 ms warm, ~1 s for the first import), so it loads lazily and runs
 * once per template. Strict validation: a mistake in a custom layout is a VALIDATION error naming its
 * line, not a silently broken email. `fonts: {}` keeps Google Fonts links out (Parley works offline);
 * `ignoreIncludes` keeps `<mj-include>` from reading the server's files.
 */
export async function renderMjml(source: string): Promise<string> {
  const { default: mjml2html } = await import("mjml");
  renders++;
  try {
    const out = await mjml2html(source, { validationLevel: "strict", fonts: {}, minify: false, keepComments: false, ignoreIncludes: true });
    return out.html;
  } catch (err) {
    const issue = (err as { errors?: MjmlIssue[] }).errors?.[0];
    if (issue?.message) {
      const where = issue.line ? `line ${issue.line}` : "the layout";
      throw invalid("layout", `MJML error on ${where}${issue.tagName ? ` (${issue.tagName})` : ""}: ${issue.message}`);
    }
    throw invalid("layout", `MJML error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
