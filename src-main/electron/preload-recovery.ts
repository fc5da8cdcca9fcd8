/**
 * Recovery preload: exposes `window.strideRecovery` (what is wrong, and restoring the newest verified backup) and
 * nothing of the contract. The main process answers it only from the recovery window (recovery-ipc.ts), and checks
 * every request there again.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_RECOVERY_RESTORE,
  IPC_RECOVERY_STATUS,
  type RecoveryBridge,
  type RecoveryOutcome,
  type RecoveryStatus,
} from '../api/bridge';

const bridge: RecoveryBridge = {
  status: () => ipcRenderer.invoke(IPC_RECOVERY_STATUS) as Promise<RecoveryStatus>,
  restore: (request) =>
    ipcRenderer.invoke(IPC_RECOVERY_RESTORE, {
      clinicianId: Number(request.clinicianId),
      pin: String(request.pin),
      confirm: request.confirm === true,
    }) as Promise<RecoveryOutcome>,
};

contextBridge.exposeInMainWorld('strideRecovery', bridge);
