/**
 * Clinician preload: exposes `window.stride.call` for staff methods, `onEvent` for pushed staff events and
 * `onConnection` for whether they reach this window (a desktop station may lose the hub).
 * The page never sees ipcRenderer or the IPC event object, only the event data.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL, IPC_CONNECTION, IPC_CONNECTION_STATE, IPC_EVENT, type StrideBridge } from '../api/bridge';
import type { StaffEvent } from '../api/contract';
import type { ApiResult } from '../api/errors';
import type { ConnectionState } from '../core/event-stream';
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
  onConnection(listener: (state: ConnectionState) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onConnection needs a function.');
    const relay = (_event: IpcRendererEvent, state: ConnectionState) => listener(state);
    ipcRenderer.on(IPC_CONNECTION, relay);
    void (ipcRenderer.invoke(IPC_CONNECTION_STATE) as Promise<ConnectionState | null>).then((state) => {
      if (state) listener(state);
    });
    return () => {
      ipcRenderer.removeListener(IPC_CONNECTION, relay);
    };
  },
};

contextBridge.exposeInMainWorld('stride', bridge);
