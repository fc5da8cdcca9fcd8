/** The composition root both shells use: one database, one content set, one dispatcher. */
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../core/content/load';
import { loadLocales } from '../core/locales/load';
import { systemClock, type Clock } from '../core/clock';
import { DatabaseUnusableError, openDatabase, type Db } from '../store/db';
import { quickCheckInBackground } from '../store/integrity';
import { checkBeforeOpen, newestVerifiedBackup, RecoveryNeededError, storageProblem } from './startup';
import { SqliteClinicStore } from '../store/sqlite-clinic-store';
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
import { sqliteSettingsCache } from './settings-cache';
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
  /** The live database; a restore replaces it, so read it through this property each time. */
  readonly db: Db;
  backups: { dailyCheck(): Promise<BackupTaken | null> };
  /** The languages the clinic offers at the kiosk, in its order (the hub's pairing page speaks them too). */
  kioskLanguages(): KioskLanguage[];
  /** The quick_check run after start for a large database: 'ok' or what it found; null when it ran at open. */
  backgroundCheck: Promise<string> | null;
  /** The hub says how devices reach this core (null when it stops sharing); the Devices screen shows it. */
  setNetworkIdentity(identity: NetworkIdentity | null): void;
  close(): void;
}

/** How often the daily-backup check runs, and how long after start the first one waits (startup stays quick). */
export const BACKUP_CHECK_MS = 15 * 60_000;
export const BACKUP_FIRST_CHECK_MS = 60_000;

export function createStrideCore(options: CoreOptions): StrideCore {
  // The clinic's data: readable by the account Stride runs as, nobody else.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Files validated before, byte for byte and by this same build, are not validated again (validation-cache.ts).
  const validationCache = { dir: options.dataDir };
  const locales = loadLocales(join(options.resourcesDir, 'locales'), validationCache);
  const content = loadContent(join(options.resourcesDir, 'content'), {
    locales,
    illustrationsDir: join(options.resourcesDir, 'illustrations'),
    cache: validationCache,
  });
  const dbFile = join(options.dataDir, 'stride.db');
  const nativeBinding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const open = (quickCheck = true) => openDatabase(dbFile, { ...nativeBinding, quickCheck });
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? silentLogger;
  const events = new StaffEvents((e) => log.error('events.listener-failed', e, { bus: 'staff' }));
  const coreEvents = new CoreEvents((e) => log.error('events.listener-failed', e, { bus: 'core' }));
  const network = new NetworkIdentityHolder();

  // Everything that holds the database is rebuilt together, so a restore (see handlers/records.ts) swaps it whole.
  const build = (db: Db) => {
    const store = new SqliteClinicStore(db, newCheckInCode);
    const settings = sqliteSettingsCache(db, store);
    const staffSessions = new StaffSessions(clock, () => settings.get().clinicianAutoLockMinutes * 60_000);
    const deps: RecordsDeps = {
      db,
      store,
      settings,
      ...(options.desktop ? { desktop: options.desktop } : {}),
      dataDir: options.dataDir,
      resourcesDir: options.resourcesDir,
      content,
      locales,
      clock,
      staffSessions,
      events,
      coreEvents,
      log,
      network,
      records,
    };
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
    backups: { dailyCheck: () => records.dailyCheck() },
    kioskLanguages: () => offeredLanguages(locales, live.settings.get().languages).map(kioskLanguage),
    setNetworkIdentity: (identity) => network.set(identity),
    backgroundCheck,
    close: () => {
      for (const t of timers) clearTimeout(t);
      void closeHandoutWorker();
      live.db.close();
    },
  };
}
