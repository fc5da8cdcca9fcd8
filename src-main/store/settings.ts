/**
 * Clinic settings: one document, validated by core/settings.ts on the way in and out; defaults for anything not yet
 * set.
 */
import { settingsSchema, type Settings } from '../core/settings';
import { prepared, type Db } from './db';

export function readSettings(db: Db): Settings {
  const row = prepared(db, "SELECT value_json FROM settings WHERE key = 'app'").get() as
    { value_json: string } | undefined;
  const stored: unknown = row ? JSON.parse(row.value_json) : {};
  const parsed = settingsSchema.safeParse(stored);
  // A setting written by a newer or broken build must not stop the clinic: fall back to defaults.
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export function writeSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...readSettings(db), ...patch });
  prepared(
    db,
    "INSERT INTO settings (key, value_json) VALUES ('app', ?) ON CONFLICT (key) DO UPDATE SET value_json = " +
      'excluded.value_json',
  ).run(JSON.stringify(next));
  return next;
}
