/**
 * The clinic's settings as the handlers read them: synchronously, since the kiosk's idle time and a staff window's
 * auto-lock are read on every call. Writes go through the store; on PostgreSQL the source is a copy kept fresh from
 * the shared database (#18), on SQLite it reads the file.
 */
import type { Settings } from '../core/settings';

export interface SettingsSource {
  get(): Settings;
}
