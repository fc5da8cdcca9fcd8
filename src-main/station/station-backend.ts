/**
 * Everything a desktop station's main process runs instead of a local core: the remote dispatch, and for a kiosk the
 * outbox and its courier, for staff the hub's event stream and the connection state. It has the shape ipc.ts binds
 * (CoreForIpc plus the connection), so the windows, preloads and renderer are the same as on a standalone machine.
 */
import { join } from 'node:path';
import type { Dispatch } from '../api/dispatch';
import { EventBus, StaffEvents } from '../api/events';
import type { ConnectionState } from '../core/event-stream';
import type { Logger } from '../core/log';
import type { StationCredential } from './credential-file';
import { startHubEvents } from './hub-events';
import { createKioskStationDispatch } from './kiosk-station';
import { Outbox, OutboxCourier, OUTBOX_FILE, type CourierOptions } from './outbox';
import { createRemoteDispatch } from './remote-dispatch';
import { createStaffStationDispatch, type StaffStationOptions } from './staff-station';

/** Silence from the hub after which a call counts as failed (node:https `timeout`: no byte either way this long). */
export const KIOSK_TIMEOUT_MS = 5_000;
export const STAFF_TIMEOUT_MS = 30_000;

export interface StationBackendOptions {
  credential: StationCredential;
  /** userData: the outbox file lives here. */
  dataDir: string;
  nativeBinding?: string;
  logger?: Logger;
  /** The hub refused this station's credential: the shell shows the setup screen ("no longer paired"). */
  onUnpaired(): void;
  /** A staff station prints handouts here (staff-station.ts): Electron's shell.openPath. */
  openFile?(path: string): Promise<string>;
  /** This station's own mode and setup window, for Settings → This computer (staff-station.ts). */
  machine?: StaffStationOptions['machine'];
  /** The outbox courier's retry delays and clock (tests shorten the one and move the other). */
  courier?: Pick<CourierOptions, 'minDelayMs' | 'maxDelayMs' | 'now'>;
}

export interface StationBackend {
  role: 'kiosk' | 'staff';
  dispatch: Dispatch;
  events: StaffEvents;
  connection: { current(): ConnectionState; subscribe(listener: (state: ConnectionState) => void): () => void };
  forgetCaller(key: string): void;
  /** Intakes waiting in the outbox (kiosk stations; 0 for staff). */
  held(): number;
  close(): Promise<void>;
}

export function startStationBackend(options: StationBackendOptions): StationBackend {
  const { credential: c, logger } = options;
  let unpaired = false;
  const onUnpaired = () => {
    if (unpaired) return;
    unpaired = true;
    options.onUnpaired();
  };
  const remote = createRemoteDispatch({
    link: { hub: { ...c.hub, caPem: c.caPem, caFingerprint: c.caFingerprint }, credential: c.credential },
    // A patient pressing Send waits at most this long before the intake is held; staff calls may build a PDF.
    timeoutMs: c.role === 'kiosk' ? KIOSK_TIMEOUT_MS : STAFF_TIMEOUT_MS,
    onUnpaired,
    ...(logger ? { logger } : {}),
  });
  const events = new StaffEvents((e) => logger?.error('events.listener-failed', e, { bus: 'station' }));
  const states = new EventBus<ConnectionState>();
  let state: ConnectionState = 'connecting';
  const connection = {
    current: () => state,
    subscribe: (listener: (s: ConnectionState) => void) => states.subscribe(listener),
  };

  if (c.role === 'kiosk') {
    const outbox = Outbox.open(
      join(options.dataDir, OUTBOX_FILE),
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    );
    const courier = new OutboxCourier({
      outbox,
      send: (s, heldForMs) =>
        remote.dispatch({ channel: 'kiosk', key: 'station:outbox', heldForMs }, 'intake.submit', s),
      report: (expired) => remote.dispatch({ channel: 'kiosk', key: 'station:outbox' }, 'kiosk.heldExpired', expired),
      ...options.courier,
      ...(logger ? { logger } : {}),
    });
    courier.start();
    return {
      role: 'kiosk',
      dispatch: createKioskStationDispatch({ remote: remote.dispatch, outbox, courier }),
      events,
      connection,
      forgetCaller: remote.forgetCaller,
      held: () => outbox.count(),
      close: async () => {
        await courier.stop();
        outbox.close();
      },
    };
  }

  // One stream for the machine; its headers use a caller of its own (events do not depend on unlock state).
  const stop = startHubEvents({
    hub: { ...c.hub, caPem: c.caPem, caFingerprint: c.caFingerprint },
    headers: () => remote.headersFor({ channel: 'staff', key: 'station:events' }),
    event: (e) => events.emit(e),
    state: (s) => {
      state = s;
      states.emit(s);
    },
    onUnpaired,
  });
  return {
    role: 'staff',
    dispatch: createStaffStationDispatch({
      remote: remote.dispatch,
      dataDir: options.dataDir,
      ...(options.openFile ? { openFile: options.openFile } : {}),
      ...(options.machine ? { machine: options.machine } : {}),
    }),
    events,
    connection,
    forgetCaller: remote.forgetCaller,
    held: () => 0,
    close: () => {
      stop();
      return Promise.resolve();
    },
  };
}
