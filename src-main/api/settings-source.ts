/**
 * The clinic's settings as the handlers read them: synchronously, since the kiosk's idle time and a staff window's
 * auto-lock are read on every call. Writes go through the store, and the source keeps what it wrote; on PostgreSQL it
 * is a copy kept fresh from the shared database (settings-cache.ts).
 */
import type { AuditEntry } from '../store/audit';
import type { Settings } from '../core/settings';

export interface SettingsSource {
  get(): Settings;
  /** Saves a change through the store (with its audit row, one transaction) and keeps the result. */
  write(
    patch: Partial<Settings>,
    audit?: { atIso: string; entry(before: Settings, after: Settings): AuditEntry },
  ): Promise<{ before: Settings; after: Settings }>;
  /** Settings another store write saved (first-run setup): kept as the ones in force. */
  adopt(settings: Settings): void;
}
