/**
 * The setup window's IPC: only the main frame of the one setup window, on our origin, is heard; every request is
 * validated with the setup schemas before station/setup-actions.ts acts on it. The setup window is not a contract
 * caller: it cannot reach patient data, only this computer's own setting and pairing.
 */
import { IPC_SETUP_CHOOSE, IPC_SETUP_PAIR, IPC_SETUP_RESTART, IPC_SETUP_STATUS, type SetupResult } from '../api/bridge';
import {
  chooseInputSchema,
  chooseMode,
  pairInputSchema,
  pairStation,
  setupStatus,
  type SetupDeps,
} from '../station/setup-actions';
import { isAppOrigin } from './app-origin';
import type { InvokeEventLike, IpcMainLike } from './ipc';

const CHANNELS = [IPC_SETUP_STATUS, IPC_SETUP_PAIR, IPC_SETUP_CHOOSE, IPC_SETUP_RESTART] as const;

export interface SetupIpcOptions {
  deps: SetupDeps;
  /** The webContents id of the setup window, or null while there is none. */
  setupWindowId(): number | null;
  /** Why the setup screen opened by itself (machine-mode.ts SETUP_MESSAGES), or null. */
  notice(): string | null;
  /** False when it opened by itself on a station: pairing only (see SetupStatus.canChooseMode). */
  mayChooseMode(): boolean;
  restart(): void;
}

/** The main frame of one given window, on our origin (the setup and recovery windows each answer only their own). */
export function fromWindow(event: InvokeEventLike, id: number | null): boolean {
  const frame = event.senderFrame;
  return id !== null && event.sender.id === id && frame !== null && frame.parent === null && isAppOrigin(frame.url);
}

const INVALID: SetupResult = { ok: false, message: 'Fill in every field.' };
const NOT_HERE: SetupResult = {
  ok: false,
  message: 'Only pairing is possible here. To change what this computer is, start Stride with --setup.',
};

export function bindSetupIpc(ipcMain: IpcMainLike, options: SetupIpcOptions): () => void {
  const guard =
    <T>(handler: (arg: unknown) => Promise<T>) =>
    async (event: InvokeEventLike, arg?: unknown): Promise<T | null> =>
      fromWindow(event, options.setupWindowId()) ? handler(arg) : null;

  ipcMain.handle(
    IPC_SETUP_STATUS,
    guard(() => Promise.resolve(setupStatus(options.deps, options.notice(), options.mayChooseMode()))),
  );
  ipcMain.handle(
    IPC_SETUP_PAIR,
    guard(async (arg) => {
      const input = pairInputSchema.safeParse(arg);
      return input.success ? pairStation(input.data, options.deps) : INVALID;
    }),
  );
  ipcMain.handle(
    IPC_SETUP_CHOOSE,
    guard((arg) => {
      if (!options.mayChooseMode()) return Promise.resolve(NOT_HERE);
      const input = chooseInputSchema.safeParse(arg);
      return Promise.resolve(input.success ? chooseMode(input.data, options.deps) : INVALID);
    }),
  );
  ipcMain.handle(
    IPC_SETUP_RESTART,
    guard(() => {
      options.restart();
      return Promise.resolve(true);
    }),
  );
  return () => {
    for (const c of CHANNELS) ipcMain.removeHandler(c);
  };
}
