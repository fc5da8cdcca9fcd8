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
