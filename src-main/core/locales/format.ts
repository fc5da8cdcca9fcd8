/**
 * Messages from the locale files, filled in: `{name}` placeholders, and plural forms chosen with Intl.PluralRules in
 * the language's own rules. Zod-free and without node imports (the PDF worker and the renderer use it).
 */

/** A message with plural forms, keyed by an exact number (`=2`) or a plural category (`one`, `other`, ...). */
export type PluralMessage = { other: string; [form: string]: string };
export type Message = string | PluralMessage;
export type Values = Record<string, string | number>;

export function isPluralMessage(m: unknown): m is PluralMessage {
  return (
    !!m && typeof m === 'object' && !Array.isArray(m) && typeof (m as Record<string, unknown>)['other'] === 'string'
  );
}

function fill(template: string, values: Values, intl: string): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    if (v === undefined) return whole;
    return typeof v === 'number' ? new Intl.NumberFormat(intl).format(v) : v;
  });
}

/** Fills in a message; for plural forms, `count` (default `values.n`) chooses the form. */
export function formatMessage(message: Message, values: Values, intl: string, count?: number): string {
  if (typeof message === 'string') return fill(message, values, intl);
  const n = count ?? values['n'];
  const form =
    typeof n === 'number'
      ? (message[`=${n}`] ?? message[new Intl.PluralRules(intl).select(n)] ?? message.other)
      : message.other;
  return fill(form, values, intl);
}
