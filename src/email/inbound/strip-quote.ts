/**
 * Lines that start the quoted history of a reply. Attribution lines are matched over up to three lines
 * because clients wrap long ones ("On Mon, 5 Jan 2026 at 10:00, Jane Doe <\njane@x.example> wrote:").
 */
const ATTRIBUTION = [
  /^On\b.{4,400}\bwrote:$/i, // English (Gmail, Apple Mail, Yahoo, Thunderbird)
  /^Le\b.{4,400}\ba écrit ?:$/i, // French
  /^Am\b.{4,400}\bschrieb\b.{0,200}:$/i, // German
  /^El\b.{4,400}\bescribió ?:$/i, // Spanish
  /^Il\b.{4,400}\bha scritto ?:$/i, // Italian
  /^Op\b.{4,400}\bschreef\b.{0,200}:$/i, // Dutch
  /^Em\b.{4,400}\bescreveu ?:$/i, // Portuguese
  /^W dniu\b.{4,400}\bnapisał\(a\)?:$/i, // Polish
  /^.{4,400}\sпишет:$/i, // Russian
  /^-{2,}\s*On\b.{4,400}\bwrote\s*-{2,}$/i, // Zoho
];

/** How attributions that get wrapped begin. */
const OPENER = /^(On|Le|Am|El|Il|Op|Em|W dniu|-{2,}\s*On)\s/i;

/** Outlook's separator line ("-----Original Message-----" and its translations). */
const ORIGINAL_MESSAGE = /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}$/i;
/** Outlook's header block: "From: …" followed closely by "Sent: …" or "Date: …". */
const HEADER_FROM = /^\*?(From|De|Von|Van|Da|Od|От):\*?\s/i;
const HEADER_NEXT = /^\*?(Sent|Date|Envoyé|Gesendet|Enviado|Inviato|Verzonden|Data|Wysłane|Отправлено|To|À|An|Para|A|Aan|Do|Кому):\*?\s/i;
const UNDERSCORES = /^_{10,}\s*$/;
/** RFC 3676 signature delimiter ("-- "; many clients trim the space). */
const SIGNATURE = /^-- ?$/;
const MOBILE_SIGNATURE = /^(Sent from my \w[\w ]{0,30}|Sent from (Mail|Outlook) for \w+|Get Outlook for (iOS|Android))\s*$/i;

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (ORIGINAL_MESSAGE.test(line)) return true;
  if (UNDERSCORES.test(line) && lines.slice(i + 1, i + 3).some((l) => HEADER_FROM.test(l.trim()))) return true;
  if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 4).some((l) => HEADER_NEXT.test(l.trim()))) return true;
  for (let n = 1; n <= 3 && i + n <= lines.length; n++) {
    // Only a line that opens like an attribution may continue on the next ones, and never past a blank line.
    if (n > 1 && (!OPENER.test(line) || lines[i + n - 1]!.trim() === "")) break;
    const joined = lines.slice(i, i + n).map((l) => l.trim()).join(" ");
    if (ATTRIBUTION.some((re) => re.test(joined))) return true;
  }
  return false;
}

/**
 * The new part of an email reply: drops the quoted history (an attribution such as "On … wrote:",
 * Outlook's "-----Original Message-----" or From:/Sent: block, a trailing `>` quote), the signature after
 * "-- ", and a trailing "Sent from my iPhone". Quotes with answers between them are kept: the answers
 * would make no sense alone. Returns "" when nothing new was written.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let end = lines.length;
  for (let i = 0; i < end; i++) {
    if (startsHistory(lines, i) || SIGNATURE.test(lines[i]!.trimEnd())) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  while (kept.length > 0 && (kept.at(-1)!.trim() === "" || kept.at(-1)!.trimStart().startsWith(">"))) kept.pop();
  if (kept.length > 0 && MOBILE_SIGNATURE.test(kept.at(-1)!.trim())) kept.pop();
  return kept.join("\n").trim();
}
