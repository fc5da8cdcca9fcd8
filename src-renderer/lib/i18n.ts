/** UI strings per language from resources/locales, through svelte-i18n. Content text carries its own translations. */
import { addMessages, init, locale } from 'svelte-i18n';
import en from '../../resources/locales/en.json';
import es from '../../resources/locales/es.json';
import type { Locale } from '../../src-main/api/schemas';

addMessages('en', en);
addMessages('es', es);
// The first locale is the fallback: naming it as initialLocale too makes svelte-i18n validate it through Intl, whose
// first use costs 20-40 ms of start-up on a kiosk (measured by bench/kiosk.ts) for a locale we know is valid.
init({ fallbackLocale: 'en' });

export const LANGUAGES: { id: Locale; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'es', name: 'Español' },
];

/** Text from content: the chosen language, else English. */
export function pick(text: { en: string; es: string } & Partial<Record<string, string>>, lang: string): string {
  return text[lang] ?? text.en;
}

export { locale };
export { _ } from 'svelte-i18n';
