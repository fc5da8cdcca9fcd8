/** What the kiosk needs before a patient can start: the questionnaire and the kiosk settings (nothing about patients). */
import type { IntakeForm } from '../../src-main/api/types';
import type { KioskSettings } from '../../src-main/api/methods/intake';
import { call } from '../lib/api';
import { REFERENCE_LANGUAGE, useLanguages } from '../lib/i18n';

/** Used if the settings cannot be read (an older preload that does not pass the method on). */
export const DEFAULT_KIOSK_SETTINGS: KioskSettings = { idleSeconds: 60, countdownSeconds: 20, clinicName: 'Stride', languages: [REFERENCE_LANGUAGE] };

export interface StartData {
  form: IntakeForm;
  settings: KioskSettings;
}

export function loadStartData(): Promise<StartData> {
  return Promise.all([call('intake.form', {}), call('kiosk.settings', {}).catch(() => DEFAULT_KIOSK_SETTINGS)]).then(([form, settings]) => {
    useLanguages(settings.languages);
    return { form, settings };
  });
}
