/**
 * The languages Stride speaks, as data: one file per language in resources/locales (`<code>.json`) carrying its own
 * name, its Intl tag, its on-screen keyboard and every patient-facing string. Every file must have every message
 * of the reference language's file; what is missing is named by file and path.
 */
import { z } from 'zod';
import { LOCALE_CODE_PATTERN, REFERENCE_LOCALE } from '../vocabulary';
import { ContentError, formatPath, parseFile } from '../content/problems';
import { isPluralMessage, type Message } from './format';

export interface LanguageInfo {
  /** The file name without .json, as stored with every intake and handout. */
  code: string;
  /** In the language itself, as a patient looks for it ("Français"). */
  name: string;
  /** For the clinician's screens ("French"). */
  englishName: string;
  /** BCP 47 tag for Intl dates and numbers ("fr-FR"). */
  intl: string;
}

export interface KeyboardLayout {
  /** Letter rows, left to right. */
  letters: string[][];
  /** Accented letters the language needs every day: always on screen under the letters (may be empty). */
  accents: string[];
  /** Punctuation the language writes that a plain keyboard lacks (Spanish ¿ ¡): on text pads, never on name pads. */
  punctuation: string[];
  /** The decimal separator the language writes ("." or ","), on the pad for numbers with decimals. */
  decimal: DecimalSeparator;
}

export const DECIMAL_SEPARATORS = ['.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

export interface MessageTree {
  [key: string]: Message | MessageTree;
}

export interface Language extends LanguageInfo {
  keyboard: KeyboardLayout;
  /** The kiosk's strings (svelte-i18n messages under `kiosk.`). */
  kiosk: MessageTree;
  /** The handout's fixed wording; a message may have plural forms. */
  handout: Record<string, Message>;
  /** The clinical letter's headings and sentences (core/export/letter.ts). */
  record: Record<string, Message>;
}

export interface LocaleCatalog {
  /** Reference language first, then the others by code. */
  languages: readonly Language[];
}

const keyRow = z
  .string()
  .trim()
  .transform((row) => (row === '' ? [] : row.split(/\s+/)));

const pluralSchema = z.object({ other: z.string().min(1) }).catchall(z.string().min(1));
const messageSchema = z.union([z.string().min(1), pluralSchema]);
const treeSchema: z.ZodType<MessageTree> = z.lazy(() => z.record(z.string(), z.union([messageSchema, treeSchema])));

const localeFileSchema = z.strictObject({
  language: z.strictObject({
    name: z.string().trim().min(1),
    englishName: z.string().trim().min(1),
    intl: z.string().trim().min(2),
  }),
  keyboard: z.strictObject({
    letters: z.array(keyRow).min(1),
    accents: keyRow,
    punctuation: keyRow.default([]),
    decimal: z.enum(DECIMAL_SEPARATORS),
  }),
  kiosk: treeSchema,
  handout: z.record(z.string(), messageSchema),
  record: z.record(z.string(), messageSchema),
});

export const localeFileName = (code: string) => `${code}.json`;

/** Paths of every message in a tree, with whether it has plural forms. */
function messagePaths(
  tree: MessageTree | Record<string, Message>,
  prefix: string[] = [],
  out = new Map<string, boolean>(),
): Map<string, boolean> {
  for (const [key, value] of Object.entries(tree)) {
    const path = [...prefix, key];
    if (typeof value === 'string' || isPluralMessage(value)) out.set(formatPath(path), typeof value !== 'string');
    else messagePaths(value, path, out);
  }
  return out;
}

function compareMessages(
  file: string,
  reference: Map<string, boolean>,
  other: Map<string, boolean>,
  problems: string[],
): void {
  for (const [path, plural] of reference) {
    const has = other.get(path);
    if (has === undefined) problems.push(`${file}: ${path}: missing text`);
    else if (has !== plural)
      problems.push(
        `${file}: ${path}: ${plural ? 'needs plural forms' : 'must be plain text'}, as in ` +
          `${localeFileName(REFERENCE_LOCALE)}`,
      );
  }
  for (const path of other.keys())
    if (!reference.has(path)) problems.push(`${file}: ${path}: not in ${localeFileName(REFERENCE_LOCALE)}`);
}

/** Validates parsed locale files, keyed by language code. Throws ContentError listing every problem. */
export function parseLocales(files: Record<string, unknown>): LocaleCatalog {
  const problems: string[] = [];
  const codes = Object.keys(files).sort((a, b) =>
    a === REFERENCE_LOCALE ? -1 : b === REFERENCE_LOCALE ? 1 : a.localeCompare(b),
  );
  if (!codes.includes(REFERENCE_LOCALE))
    problems.push(`${localeFileName(REFERENCE_LOCALE)}: file is missing (the reference language)`);
  const languages: Language[] = [];
  for (const code of codes) {
    const file = localeFileName(code);
    if (!LOCALE_CODE_PATTERN.test(code)) {
      problems.push(`${file}: a locale file is named by a language code of two or three lower-case letters`);
      continue;
    }
    const parsed = parseFile(localeFileSchema, file, files[code], problems);
    if (parsed)
      languages.push({
        code,
        ...parsed.language,
        keyboard: parsed.keyboard,
        kiosk: parsed.kiosk,
        handout: parsed.handout,
        record: parsed.record,
      });
  }
  const reference = languages.find((l) => l.code === REFERENCE_LOCALE);
  if (reference) {
    const kiosk = messagePaths(reference.kiosk, ['kiosk']);
    const handout = messagePaths(reference.handout, ['handout']);
    const record = messagePaths(reference.record, ['record']);
    for (const l of languages) {
      if (l === reference) continue;
      compareMessages(localeFileName(l.code), kiosk, messagePaths(l.kiosk, ['kiosk']), problems);
      compareMessages(localeFileName(l.code), handout, messagePaths(l.handout, ['handout']), problems);
      compareMessages(localeFileName(l.code), record, messagePaths(l.record, ['record']), problems);
    }
  }
  if (problems.length > 0) throw new ContentError(problems);
  return { languages };
}

export function localeCodes(catalog: LocaleCatalog): string[] {
  return catalog.languages.map((l) => l.code);
}

export function findLanguage(catalog: LocaleCatalog, code: string): Language | undefined {
  return catalog.languages.find((l) => l.code === code);
}

/** A language for a code that is known to be valid (stored with a session or checked at the contract). */
export function languageOf(catalog: LocaleCatalog, code: string): Language {
  const found = findLanguage(catalog, code);
  if (!found) throw new Error(`Unknown language "${code}"; Stride has ${localeCodes(catalog).join(', ')}`);
  return found;
}

export function languageInfo({ code, name, englishName, intl }: Language): LanguageInfo {
  return { code, name, englishName, intl };
}

/** A kiosk message as plain text (the review screen's words, reused where a record shows the patient's answers). */
export function kioskText(language: Language, key: string): string {
  const m = language.kiosk[key];
  return typeof m === 'string' ? m : key;
}

export function yesNoOf(language: Language): { yes: string; no: string } {
  return { yes: kioskText(language, 'yes'), no: kioskText(language, 'no') };
}
