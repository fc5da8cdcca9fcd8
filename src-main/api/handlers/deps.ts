import type { NetworkIdentityHolder } from '../network-identity';
import type { Content } from '../../core/content/schema';
import type { LocaleCatalog } from '../../core/locales/catalog';
import type { Clock } from '../../core/clock';
import type { Db } from '../../store/db';
import type { ClinicStore } from '../../store/clinic-store';
import type { SettingsSource } from '../settings-source';
import type { StaffSessions } from '../staff-sessions';
import type { StaffEvents } from '../events';
import type { CoreEvents } from '../core-events';
import type { Logger } from '../../core/log';
import type { Handlers } from '../dispatch';
import type { MethodName } from '../contract';
import type { DatabaseChoice, MachineStatus } from '../methods/machine';

/** What only the desktop shell can do. Absent in the web shell, where the browser downloads files instead. */
export interface DesktopCapabilities {
  /** Opens a file in the system's viewer (its print dialog prints it). Resolves to an error text, '' on success. */
  openFile(path: string): Promise<string>;
  /** This computer's mode (methods/machine.ts) and the setup window that changes it. */
  machine?: { status(): MachineStatus; openSetup(): void; database?: MachineDatabaseFile };
  /** Asks where to save a download (save dialog) and writes it; absent outside the desktop app. */
  saveFile?(fileName: string, bytes: Uint8Array): Promise<SaveResult>;
}

/**
 * The desktop hub's database choice in this computer's machine.json (station/machine-mode.ts). `save` refuses
 * PostgreSQL unless this computer is the hub; the choice is validated before it gets here.
 */
export interface MachineDatabaseFile {
  saved(): DatabaseChoice;
  save(choice: DatabaseChoice): 'saved' | 'not-hub';
}

export type SaveResult = { saved: true; path: string } | { saved: false };

export interface ServiceDeps {
  desktop?: DesktopCapabilities;
  /**
   * The SQLite file behind `store` in the embedded engine (backups, restore, integrity). Handlers reach the clinic's
   * data through `store`, which PostgreSQL implements as well (#18); what still reads `db` is SQLite-only.
   */
  db: Db;
  /** The clinic's data, on either engine (store/clinic-store.ts). */
  store: ClinicStore;
  /** Read settings here (writes go through the store). */
  settings: SettingsSource;
  /** The folder holding stride.db; handouts and default backups live beside it. */
  dataDir: string;
  /** resources/ (content, illustrations, fonts). */
  resourcesDir: string;
  content: Content;
  /** The languages found in resources/locales; content has text in every one of them. */
  locales: LocaleCatalog;
  clock: Clock;
  staffSessions: StaffSessions;
  events: StaffEvents;
  /** For the hosting shell only (core-events.ts). */
  coreEvents: CoreEvents;
  log: Logger;
  /** Set while a hub shares this core on the clinic network. */
  network: NetworkIdentityHolder;
}

/** The handlers of one group of methods. */
export type HandlersFor<M extends Record<string, unknown>> = Pick<Handlers, Extract<keyof M, MethodName>>;
