/** What a preload exposes to its window as `window.stride`, and the IPC channel names behind it. */
import type { ApiResult } from './errors';
import type { StaffEvent } from './contract';
import type { ConnectionState } from '../core/event-stream';

export interface StrideBridge {
  call(method: string, payload: unknown): Promise<ApiResult<unknown>>;
  /** Staff windows only: pushed events (new intake, urgent alert). */
  onEvent?(listener: (event: StaffEvent) => void): () => void;
  /**
   * Staff windows in the desktop app: whether the events reach this window. Always `open` on a standalone machine
   * or a hub; on a desktop staff station, the state of the main process's stream from the hub.
   */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

export const IPC_CALL = 'stride:call';
export const IPC_EVENT = 'stride:event';
/** Main → staff windows: the connection state changed. */
export const IPC_CONNECTION = 'stride:connection';
/** Staff window → main: the connection state now (asked once when the window subscribes). */
export const IPC_CONNECTION_STATE = 'stride:connection-state';

/** What this computer is in the clinic (src-main/station/machine-mode.ts). */
export type MachineModeName = 'standalone' | 'hub' | 'station-kiosk' | 'station-staff';

export interface SetupStatus {
  /** null: the setting could not be read. */
  mode: MachineModeName | null;
  /** Why the setup screen opened by itself, in words; null when the admin opened it. */
  notice: string | null;
  /**
   * Whether standalone and hub may be chosen here. Not when the screen opened by itself on a station (not paired,
   * revoked): whoever stands at a waiting-room kiosk may only pair it, with a code an administrator made.
   */
  canChooseMode: boolean;
  /** Whether a station's credential is encrypted with the OS keychain (safeStorage) on this machine. */
  keychain: boolean;
  station: { role: 'kiosk' | 'staff'; deviceName: string; hub: string; caFingerprint: string; pairedAt: string } | null;
  /**
   * Hub mode: where it listens, the CA fingerprint devices compare (null until the hub first started), and the
   * PostgreSQL server it keeps its data in (without a password; null: this computer's own database).
   */
  hub: { network: boolean; port: number; caFingerprint: string | null; database: string | null } | null;
}

export type SetupResult = { ok: true; restart: boolean } | { ok: false; message: string };

/** The setup window's preload exposes this as `window.strideSetup` (desktop app only). */
export interface SetupBridge {
  status(): Promise<SetupStatus>;
  /** Pairs with a hub; the code's role makes this computer a kiosk or staff station. */
  pair(request: { address: string; fingerprint: string; code: string }): Promise<SetupResult>;
  choose(
    request: { mode: 'standalone' } | { mode: 'hub'; network: boolean; port?: number; ownDatabase?: boolean },
  ): Promise<SetupResult>;
  /** Restarts Stride in the chosen mode. */
  restart(): Promise<void>;
}

export const IPC_SETUP_STATUS = 'stride:setup:status';
export const IPC_SETUP_PAIR = 'stride:setup:pair';
export const IPC_SETUP_CHOOSE = 'stride:setup:choose';
export const IPC_SETUP_RESTART = 'stride:setup:restart';

/** What the recovery screen shows when the database is lost or damaged (api/recovery-session.ts). */
export interface RecoveryStatus {
  /** What is wrong, in a sentence or two (RecoveryNeededError's message). */
  problem: string;
  /** The newest backup that passes its check, or null when there is none to offer. */
  backup: {
    name: string;
    takenAt: string;
    dir: string;
    handouts: number | null;
    /** What comes back with it, in a sentence (the handout PDFs, or that an older backup has none). */
    holds: string;
  } | null;
  /** The backup's active administrators: one of them confirms with their PIN from that time. */
  admins: { id: number; name: string }[];
  /** True once the backup is in place (the screen says so and does not offer it again). */
  done: boolean;
}

export type RecoveryOutcome =
  | { ok: true; keptAside: string | null; handoutsRestored: number | null }
  | {
      ok: false;
      refusal: 'invalid' | 'unconfirmed' | 'wrong-pin' | 'waiting' | 'done' | 'no-backup' | 'failed';
      message: string;
    };

/** The desktop recovery window's preload exposes this as `window.strideRecovery`, and nothing else. */
export interface RecoveryBridge {
  status(): Promise<RecoveryStatus>;
  restore(request: { clinicianId: number; pin: string; confirm: boolean }): Promise<RecoveryOutcome>;
}

export const IPC_RECOVERY_STATUS = 'stride:recovery:status';
export const IPC_RECOVERY_RESTORE = 'stride:recovery:restore';
