import type { FieldIssue } from '../app/errors';

/** GOV.UK error summary items and a per-field message map, from field issues. */
export function errorView(issues: FieldIssue[], anchors: Record<string, string> = {}) {
  const byField: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const i of issues) {
    // Every refusal is listed in the summary (a policy may give several reasons at once); the field shows them all.
    if (!errorList.some((e) => e.text === i.message)) errorList.push({ text: i.message, href: `#${anchors[i.field] ?? i.field}` });
    byField[i.field] = byField[i.field] ? { text: `${byField[i.field]!.text} ${i.message}` } : { text: i.message };
  }
  return { errorList, errors: byField };
}

/** A form body as a flat map of strings (urlencoded forms only carry strings). */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    }
  }
  return out;
}
