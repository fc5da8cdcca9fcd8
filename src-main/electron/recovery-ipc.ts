/**
 * The desktop recovery window's IPC: only the main frame of that one window, on our origin, is heard. Requests are
 * validated and decided by the same session as the web shell's recovery page (api/recovery-session.ts); after a
 * restore the shell starts Stride on the restored database. The window reaches nothing else: no contract, no files.
 */
import { IPC_RECOVERY_RESTORE, IPC_RECOVERY_STATUS, type RecoveryOutcome, type RecoveryStatus } from '../api/bridge';
import type { RecoverySession } from '../api/recovery-session';
import type { IpcMainLike } from './ipc';
import { fromWindow } from './setup-ipc';

export interface RecoveryIpcOptions {
  session: RecoverySession;
  /** The webContents id of the recovery window, or null while there is none. */
  windowId(): number | null;
  /** After the backup is in place: start Stride on it (the recovery window then closes). */
  onRecovered(): Promise<void>;
}

export function bindRecoveryIpc(ipcMain: IpcMainLike, o: RecoveryIpcOptions): () => void {
  ipcMain.handle(IPC_RECOVERY_STATUS, (event): Promise<RecoveryStatus | null> =>
    Promise.resolve(fromWindow(event, o.windowId()) ? o.session.status() : null),
  );
  ipcMain.handle(IPC_RECOVERY_RESTORE, async (event, arg): Promise<RecoveryOutcome | null> => {
    if (!fromWindow(event, o.windowId())) return null;
    const outcome = o.session.attempt(arg);
    if (outcome.ok) await o.onRecovered();
    return outcome;
  });
  return () => {
    ipcMain.removeHandler(IPC_RECOVERY_STATUS);
    ipcMain.removeHandler(IPC_RECOVERY_RESTORE);
  };
}
