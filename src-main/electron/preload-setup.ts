/**
 * Setup preload: exposes `window.strideSetup` (this computer's mode and pairing) and nothing of the contract. The main
 * process answers it only from the setup window (setup-ipc.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_SETUP_CHOOSE,
  IPC_SETUP_PAIR,
  IPC_SETUP_RESTART,
  IPC_SETUP_STATUS,
  type SetupBridge,
  type SetupResult,
  type SetupStatus,
} from '../api/bridge';

const bridge: SetupBridge = {
  status: () => ipcRenderer.invoke(IPC_SETUP_STATUS) as Promise<SetupStatus>,
  pair: (request) =>
    ipcRenderer.invoke(IPC_SETUP_PAIR, {
      address: String(request.address),
      fingerprint: String(request.fingerprint),
      code: String(request.code),
    }) as Promise<SetupResult>,
  choose: (request) => ipcRenderer.invoke(IPC_SETUP_CHOOSE, request) as Promise<SetupResult>,
  restart: async () => {
    await ipcRenderer.invoke(IPC_SETUP_RESTART);
  },
};

contextBridge.exposeInMainWorld('strideSetup', bridge);
