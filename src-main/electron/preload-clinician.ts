/**
 * Clinician preload: exposes `window.stride.call` for staff methods and `onEvent` for pushed staff events.
 * The page never sees ipcRenderer or the IPC event object, only the event data.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, type StrideBridge } from '../api/bridge';
import type { StaffEvent } from '../api/contract';
import type { ApiResult } from '../api/errors';
import { refusedByPreload, staffMayRequest } from './preload-methods';

const bridge: StrideBridge = {
  call(method: string, payload: unknown): Promise<ApiResult<unknown>> {
    if (!staffMayRequest(method)) return Promise.resolve(refusedByPreload());
    return ipcRenderer.invoke(IPC_CALL, method, payload) as Promise<ApiResult<unknown>>;
  },
  onEvent(listener: (event: StaffEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
    const relay = (_event: IpcRendererEvent, data: StaffEvent) => listener(data);
    ipcRenderer.on(IPC_EVENT, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, relay);
    };
  },
};

contextBridge.exposeInMainWorld('stride', bridge);
