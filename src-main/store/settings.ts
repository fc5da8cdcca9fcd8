/**
 * Clinic settings: one document, validated by core/settings.ts on the way in and out; defaults for anything not yet
 * set.
 */
import { settingsSchema, type Settings } from '../core/settings';
import { prepared, type Db } from './db';

export function readSettings(db: Db): Settings {
  const row = prepared(db, "SELECT value_json FROM settings WHERE key = 'app'").get() as
    { value_json: string } | undefined;
  return parseStoredSettings(row?.value_json);
}

/** The stored document (absent: never written) as settings; both engines read it with this. */
export function parseStoredSettings(valueJson: string | undefined): Settings {
  const stored: unknown = valueJson === undefined ? {} : JSON.parse(valueJson);
  const parsed = settingsSchema.safeParse(stored);
  // A setting written by a newer or broken build must not stop the clinic: fall back to defaults.
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/** The settings after a change, validated (a ZodError names what is wrong). */
export function mergeSettings(current: Settings, patch: Partial<Settings>): Settings {
  return settingsSchema.parse({ ...current, ...patch });
}

export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = mergeSettings(readSettings(db), patch);
  prepared(
    db,
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = " +
      'excluded.value_json',
  ).run(JSON.stringify(next));
  return next;
}
