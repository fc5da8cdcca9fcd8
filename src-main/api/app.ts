/**
 * The composition root both shells use: one database, one content set, one dispatcher. `createStrideCore` opens the
 * clinic's SQLite file (synchronously, for a fast start); `openStrideCore` also takes a PostgreSQL connection string
 * for a clinic group's hubs (#18).
 */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../core/content/load';
import { loadLocales } from '../core/locales/load';
import { systemClock, type Clock } from '../core/clock';
import { DatabaseUnusableError, openDatabase, type Db } from '../store/db';
import { quickCheckInBackground } from '../store/integrity';
import { checkBeforeOpen, newestVerifiedBackup, RecoveryNeededError, storageProblem } from './startup';
import { SqliteClinicStore } from '../store/sqlite-clinic-store';
import type { ClinicStore } from '../store/clinic-store';
import { isPostgresUrl } from '../store/postgres/connection-string';
import { relayStaffEvents } from './staff-event-relay';
import { followAccessNotices } from './access-notices';
import { newCheckInCode } from './check-in-code';
import type { Settings } from '../core/settings';
import type { DesktopCapabilities } from './handlers/deps';
import { closeHandoutWorker } from '../core/handout/pdf-worker-client';
import { createDispatcher, type Dispatch } from './dispatch';
import { StaffEvents } from './events';
import { CoreEvents } from './core-events';
import { silentLogger, type Logger } from '../core/log';
import { createHandlers } from './services';
import { StaffSessions } from './staff-sessions';
import { createRecordsHost, type RecordsDeps } from './handlers/records';
import type { BackupTaken, KioskLanguage } from './types';
import { kioskLanguage, offeredLanguages } from './languages';
import { NetworkIdentityHolder, type NetworkIdentity } from './network-identity';
import { openSettingsCache, sqliteSettingsCache, type SettingsCache } from './settings-cache';
import { storeDeviceAccess, type DeviceAccess } from './pairing';

export interface CoreOptions {
  dataDir: string;
  resourcesDir: string;
  nativeBinding?: string;
  clock?: Clock;
  /**
   * Where the core logs (errors that are not the caller's fault, lockouts); the shell adds the sink. Default: silent.
   */
  logger?: Logger;
  /** What only the desktop shell can do (open a PDF in the system viewer to print it). */
  desktop?: DesktopCapabilities;
  /** Daily backup timer (default on). Tests drive `backups.dailyCheck()` with their own clock instead. */
  backupSchedule?: boolean;
  /**
   * A database file larger than this is quick_checked on a worker thread after start instead of before it (default
   * 32 MiB, a few seconds of a clinic's intakes); damage found then alerts the staff screens (storage.failed).
   */
  quickCheckAtOpenMaxBytes?: number;
}

export interface StrideCore {
  dispatch: Dispatch;
  /** Pushed to staff windows (part of the contract). */
  events: StaffEvents;
  /** For the shell alone: what happened that it must act on (core-events.ts). Never relayed to a window. */
  coreEvents: CoreEvents;
  settings: { get(): Settings };
  /** Paired devices and pairing, for the hub (through the store, so on a shared database every hub's devices). */
  devices: DeviceAccess;
  forgetCaller(key: string): void;
  /**
   * The live SQLite database; a restore replaces it, so read it through this property each time. On PostgreSQL there
   * is none: reading it throws SqliteOnlyError.
   */
  readonly db: Db;
  /** Where the clinic's data is. */
  readonly engine: ClinicStore['engine'];
  backups: { dailyCheck(): Promise<BackupTaken | null> };
  /** The languages the clinic offers at the kiosk, in its order (the hub's pairing page speaks them too). */
  kioskLanguages(): KioskLanguage[];
  /** The quick_check run after start for a large database: 'ok' or what it found; null when it ran at open. */
  backgroundCheck: Promise<string> | null;
  /** The hub says how devices reach this core (null when it stops sharing); the Devices screen shows it. */
  setNetworkIdentity(identity: NetworkIdentity | null): void;
  /** Done at once on SQLite; on PostgreSQL resolves once the connections are closed. */
  close(): Promise<void>;
}

/** How often the daily-backup check runs, and how long after start the first one waits (startup stays quick). */
export const BACKUP_CHECK_MS = 15 * 60_000;
export const BACKUP_FIRST_CHECK_MS = 60_000;

export function createStrideCore(options: CoreOptions): StrideCore {
  const shared = sharedDeps(options);
  const { locales, clock, log, events, coreEvents, network } = shared;
  const dbFile = join(options.dataDir, 'stride.db');
  const nativeBinding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const open = (quickCheck = true) => openDatabase(dbFile, { ...nativeBinding, quickCheck });

  // Everything that holds the database is rebuilt together, so a restore (see handlers/records.ts) swaps it whole.
  const build = (db: Db) => {
    const store = new SqliteClinicStore(db, newCheckInCode);
    const settings = sqliteSettingsCache(db, store);
    const staffSessions = new StaffSessions(clock, () => settings.get().clinicianAutoLockMinutes * 60_000);
    // In-process on SQLite: the store calls the relay as a handler publishes, before the handler returns.
    void relayStaffEvents(store, events, log);
    const deps: RecordsDeps = { ...shared, db, store, settings, staffSessions, records };
    const handlers = createHandlers(deps);
    return {
      db,
      store,
      settings,
      staffSessions,
      dispatch: createDispatcher(handlers, staffSessions, (e, method) => {
        log.error('api.internal-error', e, { method });
        const problem = storageProblem(e);
        if (problem) events.emit({ type: 'storage.failed', problem });
      }),
    };
  };
  const records = createRecordsHost({
    dbFile,
    fontDir: join(options.resourcesDir, 'fonts'),
    defaultBackupDir: join(options.dataDir, 'backups'),
    clock,
    live: {
      db: () => live.db,
      close: () => live.db.close(),
      open: () => {
        live = build(open());
        events.emit({ type: 'queue.changed' });
        // A restored database brings its own settings (kiosk display, full screen).
        coreEvents.emit({ type: 'settings.changed', settings: live.settings.get() });
      },
    },
  });
  // A lost or damaged database stops here with what recovery needs (startup.ts), before anyone is served.
  checkBeforeOpen(options.dataDir, dbFile);
  // A big file is checked after start, so a kiosk that crashed is back before the patient notices (issue 17).
  const checkLater = existsSync(dbFile) && statSync(dbFile).size > (options.quickCheckAtOpenMaxBytes ?? 32 * 2 ** 20);
  let first: Db;
  try {
    first = open(!checkLater);
  } catch (e) {
    if (e instanceof DatabaseUnusableError)
      throw new RecoveryNeededError(e.problem, dbFile, newestVerifiedBackup(options.dataDir), e.detail);
    throw e;
  }
  chmodSync(dbFile, 0o600);
  let live = build(first);
  const devices = storeDeviceAccess(() => live.store, clock);
  const backgroundCheck = checkLater
    ? quickCheckInBackground(dbFile, nativeBinding).then(
        (result) => {
          if (result !== 'ok') {
            log.error('database.damaged', new Error(`quick_check: ${result.slice(0, 200)}`));
            events.emit({ type: 'storage.failed', problem: 'damaged' });
          }
          return result;
        },
        (e: unknown) => {
          log.error('database.check-failed', e);
          return `not checked: ${e instanceof Error ? e.message : String(e)}`;
        },
      )
    : null;

  const backupCheck = () => void records.dailyCheck().catch((e: unknown) => log.error('backup.daily-check-failed', e));
  const timers =
    options.backupSchedule === false
      ? []
      : [setTimeout(backupCheck, BACKUP_FIRST_CHECK_MS), setInterval(backupCheck, BACKUP_CHECK_MS)];
  for (const t of timers) t.unref();

  return {
    dispatch: (caller, method, payload) => live.dispatch(caller, method, payload),
    events,
    coreEvents,
    settings: { get: () => live.settings.get() },
    devices,
    forgetCaller: (key) => live.staffSessions.lock({ channel: 'staff', key }),
    get db() {
      return live.db;
    },
    engine: 'sqlite',
    backups: { dailyCheck: () => records.dailyCheck() },
    kioskLanguages: () => offeredLanguages(locales, live.settings.get().languages).map(kioskLanguage),
    setNetworkIdentity: (identity) => network.set(identity),
    backgroundCheck,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      void closeHandoutWorker();
      live.db.close();
    },
  };
}

/**
 * What the handlers need whichever engine holds the data: the data folder (readable by the account Stride runs as,
 * nobody else), content and languages, the clock, the logger and the event buses.
 */
function sharedDeps(options: CoreOptions) {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const { content, locales } = loadCoreContent(options);
  const log = options.logger ?? silentLogger;
  return {
    ...(options.desktop ? { desktop: options.desktop } : {}),
    dataDir: options.dataDir,
    resourcesDir: options.resourcesDir,
    content,
    locales,
    clock: options.clock ?? systemClock,
    log,
    events: new StaffEvents((e) => log.error('events.listener-failed', e, { bus: 'staff' })),
    coreEvents: new CoreEvents((e) => log.error('events.listener-failed', e, { bus: 'core' })),
    network: new NetworkIdentityHolder(),
  };
}

/** Content and languages, validated once per build and file (validation-cache.ts). */
function loadCoreContent(options: CoreOptions) {
  // Files validated before, byte for byte and by this same build, are not validated again (validation-cache.ts).
  const validationCache = { dir: options.dataDir };
  const locales = loadLocales(join(options.resourcesDir, 'locales'), validationCache);
  const content = loadContent(join(options.resourcesDir, 'content'), {
    locales,
    illustrationsDir: join(options.resourcesDir, 'illustrations'),
    cache: validationCache,
  });
  return { content, locales };
}

/** A PostgreSQL database this Stride cannot use (unreachable, extensions missing, newer schema); nothing changed. */
export class DatabaseConfigError extends Error {
  constructor(
    readonly problem: 'unreachable' | 'schema-too-new' | 'extensions-missing',
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseConfigError';
  }
}

/** What only the SQLite engine has (its file: backups, restore, integrity checks), reached on PostgreSQL. */
export class SqliteOnlyError extends Error {
  constructor(what: string) {
    super(`${what} needs the SQLite engine; this hub keeps its data in PostgreSQL.`);
    this.name = 'SqliteOnlyError';
  }
}

/**
 * Stands where the SQLite file would be on PostgreSQL: any use of it fails with a clear internal error, so a handler
 * not yet moved onto the store (#18) fails loudly instead of writing to some file.
 */
function noSqliteFile(): Db {
  return new Proxy({} as Db, {
    get(_target, property) {
      // Not a use: a promise resolution or an inspector asking what it is.
      if (typeof property === 'symbol' || property === 'then') return undefined;
      throw new SqliteOnlyError(`The SQLite database (${String(property)})`);
    },
  });
}

export interface OpenCoreOptions extends CoreOptions {
  /** A PostgreSQL connection string, or nothing for the SQLite file in `dataDir`. */
  database?: string | undefined;
}

/**
 * The core over the database `database` names: a `postgres://` or `postgresql://` connection string opens the
 * PostgreSQL engine, after the read-only check (reachable, extensions, schema not newer; otherwise a
 * DatabaseConfigError with its one sentence, never the password), and brings its schema up to date; anything else
 * (or nothing) is the SQLite file in `dataDir`, as createStrideCore. On PostgreSQL the SQLite-only features are off:
 * backups, restore and integrity checks are the database server's (docs/postgres.md).
 */
export async function openStrideCore(options: OpenCoreOptions): Promise<StrideCore> {
  const database = options.database?.trim();
  if (!database || !isPostgresUrl(database)) return createStrideCore(options);
  // Loaded only for PostgreSQL: a clinic on SQLite starts without the driver (bench/submit.ts measures start-up).
  const [{ checkPostgresDatabase }, { PostgresClinicStore }] = await Promise.all([
    import('../store/postgres/check-config'),
    import('../store/postgres/clinic-store'),
  ]);
  const check = await checkPostgresDatabase(database);
  if (!check.ok) throw new DatabaseConfigError(check.problem, check.message);
  // The data folder still holds what is this machine's own: the validation cache, the hub's certificates, handouts.
  const shared = sharedDeps(options);
  const { locales, clock, log, events, coreEvents, network } = shared;
  const store = await PostgresClinicStore.open(database, { chooseCheckInCode: newCheckInCode });
  let unsubscribe: () => Promise<void>;
  try {
    unsubscribe = await relayStaffEvents(store, events, log);
  } catch (e) {
    await store.close();
    throw e;
  }
  // Settings live in the shared database: loaded before the core serves, kept fresh from the other hubs' changes.
  let settings: SettingsCache;
  try {
    settings = await openSettingsCache(store, {
      onChange: (s) => coreEvents.emit({ type: 'settings.changed', settings: s }),
      onError: (e) => log.error('settings.follow-failed', e),
    });
  } catch (e) {
    await unsubscribe().catch(() => undefined);
    await store.close();
    throw e;
  }
  const staffSessions = new StaffSessions(clock, () => settings.get().clinicianAutoLockMinutes * 60_000);
  // A device revoked or a clinician locked at another hub of the group: acted on here too (access-notices.ts).
  try {
    const unrelay = unsubscribe;
    const unfollow = await followAccessNotices(store, store.noticeOrigin, { coreEvents, staffSessions, log });
    unsubscribe = async () => {
      await unfollow();
      await unrelay();
    };
  } catch (e) {
    await settings.close().catch(() => undefined);
    await unsubscribe().catch(() => undefined);
    await store.close();
    throw e;
  }
  const db = noSqliteFile();
  const handlers = createHandlers({ ...shared, db, store, settings, staffSessions });
  const dispatch = createDispatcher(handlers, staffSessions, (e, method) => {
    log.error('api.internal-error', e, { method });
  });
  return {
    dispatch,
    events,
    coreEvents,
    settings,
    devices: storeDeviceAccess(() => store, clock),
    forgetCaller: (key) => staffSessions.lock({ channel: 'staff', key }),
    db,
    engine: 'postgres',
    // The database server's own backups (pg_dump, base backups) stand in for Stride's.
    backups: { dailyCheck: async () => null },
    kioskLanguages: () => offeredLanguages(locales, settings.get().languages).map(kioskLanguage),
    setNetworkIdentity: (identity) => network.set(identity),
    backgroundCheck: null,
    close: async () => {
      void closeHandoutWorker();
      await unsubscribe().catch(() => undefined);
      await store.close();
    },
  };
}
