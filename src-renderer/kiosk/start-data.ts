/** Fetches what the kiosk needs before a patient can start: the questionnaire and the kiosk settings. */
import { call } from '../lib/api';
import { DEFAULT_KIOSK_SETTINGS, type StartData } from './kiosk.svelte';
import { useLanguages } from '../lib/i18n';

export function loadStartData(): Promise<StartData> {
  return Promise.all([call('intake.form', {}), call('kiosk.settings', {}).catch(() => DEFAULT_KIOSK_SETTINGS)]).then(
    ([form, settings]) => {
      useLanguages(settings.languages);
      return { form, settings };
    },
  );
}
