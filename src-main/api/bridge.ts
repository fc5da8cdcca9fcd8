/** What a preload exposes to its window as `window.stride`, and the IPC channel names behind it. */
import type { ApiResult } from './errors';
import type { StaffEvent } from './contract';

export interface StrideBridge {
  call(method: string, payload: unknown): Promise<ApiResult<unknown>>;
  /** Staff windows only: pushed events (new intake, urgent alert). */
  onEvent?(listener: (event: StaffEvent) => void): () => void;
}

export const IPC_CALL = 'stride:call';
export const IPC_EVENT = 'stride:event';
