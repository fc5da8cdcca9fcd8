/** The composition root both shells use: one database, one content set, one dispatcher. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from '../core/content/load';
import { systemClock, type Clock } from '../core/clock';
import { openDatabase, type Db } from '../store/db';
import { readSettings, type Settings } from '../store/settings';
import { createDispatcher, type Dispatch } from './dispatch';
import { StaffEvents } from './events';
import { createHandlers } from './services';
import { StaffSessions } from './staff-sessions';

export interface CoreOptions {
  dataDir: string;
  resourcesDir: string;
  nativeBinding?: string;
  clock?: Clock;
  /** Errors that are not the caller's fault; never given patient data. */
  onInternalError?: (error: unknown) => void;
}

export interface StrideCore {
  dispatch: Dispatch;
  events: StaffEvents;
  settings: { get(): Settings };
  forgetCaller(key: string): void;
  db: Db;
  close(): void;
}

export function createStrideCore(options: CoreOptions): StrideCore {
  mkdirSync(options.dataDir, { recursive: true });
  const content = loadContent(join(options.resourcesDir, 'content'));
  const db = openDatabase(join(options.dataDir, 'stride.db'), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const clock = options.clock ?? systemClock;
  const settings = { get: () => readSettings(db) };
  const staffSessions = new StaffSessions(clock, () => settings.get().clinicianAutoLockMinutes * 60_000);
  const events = new StaffEvents();
  const handlers = createHandlers({ db, dataDir: options.dataDir, resourcesDir: options.resourcesDir, content, clock, staffSessions, events });
  const dispatch = createDispatcher(handlers, staffSessions, options.onInternalError);
  return {
    dispatch,
    events,
    settings,
    forgetCaller: (key) => staffSessions.lock({ channel: 'staff', key }),
    db,
    close: () => db.close(),
  };
}
