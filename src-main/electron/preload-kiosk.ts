/**
 * Kiosk preload: exposes `window.stride.call` for the intake methods only. Anything else is refused here, before
 * IPC; the main process refuses it again because it knows this window is the kiosk.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL, type StrideBridge } from '../api/bridge';
import type { ApiResult } from '../api/errors';
import { kioskMayRequest, refusedByPreload } from './preload-methods';

const bridge: StrideBridge = {
  call(method: string, payload: unknown): Promise<ApiResult<unknown>> {
    if (!kioskMayRequest(method)) return Promise.resolve(refusedByPreload());
    return ipcRenderer.invoke(IPC_CALL, method, payload) as Promise<ApiResult<unknown>>;
  },
};

contextBridge.exposeInMainWorld('stride', bridge);
