/**
 * The settings in force, held in memory so handlers read them synchronously (SettingsSource). Loaded before the core
 * serves, replaced by every write made through it, and read again when they may have changed elsewhere:
 * - SQLite: when another connection wrote the file (a script, a test): `PRAGMA data_version` says so, at the cost of
 *   one statement per read instead of parsing the document (a logo can be 400 KB) on every call;
 * - PostgreSQL: when another hub of the group saved them (its `settings.changed` staff event, sent as it committed)
 *   and after the link to the other hubs was lost (events may have been missed).
 */
import type { Settings } from '../core/settings';
import type { ClinicStore } from '../store/clinic-store';
import type { Db } from '../store/db';
import { readSettings } from '../store/settings';
import type { SettingsSource } from './settings-source';

export interface SettingsCacheOptions {
  /** Synchronous re-read when the file changed underneath (SQLite): null when it did not. */
  readIfChanged?: () => Settings | null;
  /** Settings changed by someone else (another hub, another connection): the shell applies them. */
  onChange?: (settings: Settings) => void;
}

export class SettingsCache implements SettingsSource {
  private current: Settings;
  /** Reads complete out of order; only the newest started one is kept (ticket order). */
  private started = 0;
  private applied = 0;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: ClinicStore,
    initial: Settings,
    private readonly options: SettingsCacheOptions = {},
  ) {
    this.current = initial;
  }

  get(): Settings {
    const fresh = this.options.readIfChanged?.();
    if (fresh) this.keep(++this.started, fresh, true);
    return this.current;
  }

  async write(...[patch, audit]: Parameters<SettingsSource['write']>): ReturnType<SettingsSource['write']> {
    const saved = await this.store.writeSettings(patch, audit);
    // Committed: newer than any read that started before now.
    this.keep(++this.started, saved.after, false);
    return saved;
  }

  adopt(settings: Settings): void {
    this.keep(++this.started, settings, false);
  }

  /** Reads them from the store again (another hub saved them, or events may have been missed). */
  async refresh(): Promise<void> {
    const ticket = ++this.started;
    const settings = await this.store.readSettings();
    this.keep(ticket, settings, true);
  }

  /** Follows the other hubs' changes through the store's staff events (PostgreSQL). */
  async follow(onError: (e: unknown) => void): Promise<void> {
    const refresh = () => void this.refresh().catch(onError);
    this.unsubscribe = await this.store.subscribeStaffEvents(
      (event) => {
        if (event.type === 'settings.changed') refresh();
      },
      { onResync: refresh },
    );
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private keep(ticket: number, settings: Settings, fromElsewhere: boolean): void {
    if (ticket <= this.applied) return;
    this.applied = ticket;
    const changed = JSON.stringify(settings) !== JSON.stringify(this.current);
    this.current = settings;
    if (changed && fromElsewhere) this.options.onChange?.(settings);
  }
}

/** The settings of the SQLite file, read now; read again whenever another connection has written the file. */
export function sqliteSettingsCache(
  db: Db,
  store: ClinicStore,
  onChange?: (settings: Settings) => void,
): SettingsCache {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  const readIfChanged = (): Settings | null => {
    const now = dataVersion.get();
    if (now === seen) return null;
    seen = now;
    return readSettings(db);
  };
  return new SettingsCache(store, readSettings(db), { readIfChanged, ...(onChange ? { onChange } : {}) });
}

/** The settings of a shared database, loaded before the core serves and kept fresh from the other hubs' changes. */
export async function openSettingsCache(
  store: ClinicStore,
  options: { onChange?: (settings: Settings) => void; onError: (e: unknown) => void },
): Promise<SettingsCache> {
  const cache = new SettingsCache(
    store,
    await store.readSettings(),
    options.onChange ? { onChange: options.onChange } : {},
  );
  await cache.follow(options.onError);
  // Read again now that it listens: a change saved between the first read and the subscription is not missed.
  await cache.refresh();
  return cache;
}
