/**
 * Binds the contract to Electron IPC. The caller's channel comes from WHICH window sent the message (recorded when
 * the window was created), never from anything the page says; only the main frame of a known window on our own
 * origin is heard. Staff events are pushed to staff windows only.
 */
import type { Channel, StaffEvent } from '../api/contract';
import type { Caller, Dispatch } from '../api/dispatch';
import type { ApiResult } from '../api/errors';
import { IPC_CALL, IPC_CONNECTION, IPC_CONNECTION_STATE, IPC_EVENT } from '../api/bridge';
import type { ConnectionState } from '../core/event-stream';
import { isAppOrigin } from './app-origin';
import type { ShellLogger } from './log';

/** What this module needs of the core (StrideCore from api/app.ts has all of it). */
export interface CoreForIpc {
  dispatch: Dispatch;
  events: { subscribe(listener: (event: StaffEvent) => void): () => void };
  forgetCaller(key: string): void;
  /** A desktop station's link to the hub; absent where the core is local (always connected). */
  connection?: { current(): ConnectionState; subscribe(listener: (state: ConnectionState) => void): () => void };
}

/** The parts of a WebContents this module uses (structural, so tests can pass a fake). */
export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'destroyed' | 'did-navigate', listener: () => void): unknown;
}

/** The parts of an IpcMainInvokeEvent this module uses. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function callerKey(webContentsId: number): string {
  return `wc:${webContentsId}`;
}

export type SenderCheck =
  { ok: true; caller: Caller } | { ok: false; reason: 'unknown-sender' | 'not-main-frame' | 'foreign-origin' };

/** Decides who is calling, from the sender's identity alone. */
export function identifySender(channels: ReadonlyMap<number, Channel>, event: InvokeEventLike): SenderCheck {
  const channel = channels.get(event.sender.id);
  if (!channel) return { ok: false, reason: 'unknown-sender' };
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return { ok: false, reason: 'not-main-frame' };
  if (!isAppOrigin(frame.url)) return { ok: false, reason: 'foreign-origin' };
  return { ok: true, caller: { channel, key: callerKey(event.sender.id) } };
}

const REFUSED: ApiResult<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window may not call Stride.' },
};

export interface IpcBinding {
  /** Records which role a window has. Call once, right after creating the window and before it loads a page. */
  registerWindow(webContents: WebContentsLike, channel: Channel): void;
  dispose(): void;
}

export function bindIpc(ipcMain: IpcMainLike, core: CoreForIpc, log: ShellLogger): IpcBinding {
  const windows = new Map<number, { channel: Channel; webContents: WebContentsLike }>();
  const channels = new Map<number, Channel>();

  ipcMain.handle(IPC_CALL, async (event, method, payload) => {
    const who = identifySender(channels, event);
    if (!who.ok) {
      log({ kind: 'ipc-refused', reason: who.reason, senderId: event.sender.id });
      return REFUSED;
    }
    return core.dispatch(who.caller, typeof method === 'string' ? method : '', payload);
  });

  const toStaff = (channel: string, data: unknown) => {
    for (const w of windows.values()) {
      if (w.channel === 'staff' && !w.webContents.isDestroyed()) w.webContents.send(channel, data);
    }
  };
  const unsubscribe = core.events.subscribe((staffEvent) => toStaff(IPC_EVENT, staffEvent));
  const unsubscribeConnection = core.connection?.subscribe((state) => toStaff(IPC_CONNECTION, state));
  ipcMain.handle(IPC_CONNECTION_STATE, (event) => {
    const who = identifySender(channels, event);
    if (!who.ok || who.caller.channel !== 'staff') return Promise.resolve(null);
    return Promise.resolve(core.connection?.current() ?? 'open');
  });

  return {
    registerWindow(webContents, channel) {
      const id = webContents.id;
      if (windows.has(id)) throw new Error(`Window ${id} already has a role.`);
      windows.set(id, { channel, webContents });
      channels.set(id, channel);
      // A new page in the same window starts locked: unlock state belongs to the page that unlocked.
      webContents.on('did-navigate', () => core.forgetCaller(callerKey(id)));
      webContents.on('destroyed', () => {
        windows.delete(id);
        channels.delete(id);
        core.forgetCaller(callerKey(id));
      });
    },
    dispose() {
      unsubscribe();
      unsubscribeConnection?.();
      ipcMain.removeHandler(IPC_CALL);
      ipcMain.removeHandler(IPC_CONNECTION_STATE);
      windows.clear();
      channels.clear();
    },
  };
}
