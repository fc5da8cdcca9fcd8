/**
 * The contract's language checks: a locale's format is checked by the input schema, whether Stride has that language
 * is checked here against the locale files that were loaded.
 */
import { findLanguage, languageInfo, localeCodes, type Language, type LocaleCatalog } from '../core/locales/catalog';
import { REFERENCE_LOCALE } from '../core/vocabulary';
import { ApiError } from './errors';
import type { KioskLanguage } from './types';

/** Throws invalid_input naming the field when a code is not one of the loaded languages. */
export function requireLanguages(locales: LocaleCatalog, fields: { path: string; code: string }[]): void {
  const unknown = fields.filter((f) => !findLanguage(locales, f.code));
  if (unknown.length === 0) return;
  const known = localeCodes(locales).join(', ');
  const errors = unknown.map((f) => ({
    path: f.path,
    message: `"${f.code}" is not a language Stride has (${known}).`,
  }));
  throw new ApiError(
    'invalid_input',
    `Invalid input: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    errors,
  );
}

/** A stored session's language; a code whose locale file was since removed reads as the reference language. */
export function sessionLanguage(locales: LocaleCatalog, code: string): Language {
  return findLanguage(locales, code) ?? findLanguage(locales, REFERENCE_LOCALE)!;
}

/**
 * The languages the clinic offers at the kiosk, in the clinic's order: every language when it chose none that exist.
 */
export function offeredLanguages(locales: LocaleCatalog, chosen: readonly string[] | undefined): Language[] {
  const offered = (chosen ?? []).flatMap((code) => findLanguage(locales, code) ?? []);
  return offered.length > 0 ? offered : [...locales.languages];
}

export function kioskLanguage(l: Language): KioskLanguage {
  return { ...languageInfo(l), keyboard: l.keyboard, messages: { kiosk: l.kiosk } };
}
