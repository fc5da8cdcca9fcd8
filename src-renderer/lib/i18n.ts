/**
 * UI strings through svelte-i18n. The languages and their messages come from the core (kiosk.settings, read from
 * resources/locales); only the reference language's file is bundled, so the first screen has words before they arrive.
 * Content text carries its own translations.
 */
import { addMessages, init, locale } from 'svelte-i18n';
import reference from '../../resources/locales/en.json';
import type { KioskLanguage } from '../../src-main/api/types';
import type { I18nText } from '../../src-main/core/content/schema';
import { REFERENCE_LOCALE } from '../../src-main/core/vocabulary';

/** The bundled reference language: what the kiosk shows until the clinic's languages have arrived. */
export const REFERENCE_LANGUAGE: KioskLanguage = {
  code: REFERENCE_LOCALE,
  ...reference.language,
  keyboard: {
    letters: reference.keyboard.letters.map((row) => row.split(' ')),
    accents: reference.keyboard.accents ? reference.keyboard.accents.split(' ') : [],
    punctuation: [],
    decimal: '.',
  },
  messages: { kiosk: reference.kiosk },
};

addMessages(REFERENCE_LOCALE, REFERENCE_LANGUAGE.messages);
// The reference locale is the fallback: naming it as initialLocale too makes svelte-i18n validate it through Intl,
// whose first use costs 20-40 ms of start-up on a kiosk (measured by bench/kiosk.ts) for a locale we know is valid.
init({ fallbackLocale: REFERENCE_LOCALE });

/** Makes the served languages' messages available; called once the kiosk settings have arrived. */
export function useLanguages(languages: readonly KioskLanguage[]): void {
  for (const l of languages) addMessages(l.code, l.messages);
}

/** Text from content: the chosen language, else the reference language. */
export function pick(text: I18nText, lang: string): string {
  return text[lang] ?? text[REFERENCE_LOCALE];
}

export { locale };
export { _ } from 'svelte-i18n';
