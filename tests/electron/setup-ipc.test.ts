/** The setup window's IPC: heard only from the setup window's main frame on our origin, and only valid requests act. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_SETUP_CHOOSE, IPC_SETUP_PAIR, IPC_SETUP_RESTART, IPC_SETUP_STATUS } from '../../src-main/api/bridge';
import { bindSetupIpc } from '../../src-main/electron/setup-ipc';
import type { InvokeEventLike, IpcMainLike } from '../../src-main/electron/ipc';
import { MACHINE_FILE, readMachineSetting } from '../../src-main/station/machine-mode';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  call(channel: string, event: InvokeEventLike, arg?: unknown): Promise<unknown> {
    return this.handlers.get(channel)!(event, arg);
  }
}

const from = (id: number, url = 'app://stride/setup.html', parent: unknown = null): InvokeEventLike => ({
  sender: { id },
  senderFrame: { url, parent },
});

let userData: string;
let ipc: FakeIpcMain;
let restarts: number;
let dispose: () => void;
let mayChoose: boolean;
beforeEach(() => {
  mayChoose = true;
  userData = mkdtempSync(join(tmpdir(), 'stride-setup-ipc-'));
  ipc = new FakeIpcMain();
  restarts = 0;
  dispose = bindSetupIpc(ipc, {
    deps: { userData, box: null },
    setupWindowId: () => 5,
    notice: () => 'Pair it again.',
    mayChooseMode: () => mayChoose,
    restart: () => (restarts += 1),
  });
});
afterEach(() => rmSync(userData, { recursive: true, force: true }));

describe('setup IPC', () => {
  it('answers the setup window', async () => {
    expect(await ipc.call(IPC_SETUP_STATUS, from(5))).toMatchObject({ mode: 'standalone', notice: 'Pair it again.' });
    expect(await ipc.call(IPC_SETUP_CHOOSE, from(5), { mode: 'hub', network: true })).toEqual({
      ok: true,
      restart: true,
    });
    expect(readMachineSetting(join(userData, MACHINE_FILE))).toEqual({ mode: 'hub', network: true, port: 8443 });
    await ipc.call(IPC_SETUP_RESTART, from(5));
    expect(restarts).toBe(1);
  });

  it('ignores every other window, frame and origin', async () => {
    for (const event of [from(6), from(5, 'https://evil.example/'), from(5, 'app://stride/setup.html', {})]) {
      expect(await ipc.call(IPC_SETUP_STATUS, event)).toBeNull();
      expect(await ipc.call(IPC_SETUP_CHOOSE, event, { mode: 'standalone' })).toBeNull();
      expect(await ipc.call(IPC_SETUP_RESTART, event)).toBeNull();
    }
    expect(existsSync(join(userData, MACHINE_FILE))).toBe(false);
    expect(restarts).toBe(0);
  });

  it('refuses malformed requests without acting', async () => {
    expect(await ipc.call(IPC_SETUP_CHOOSE, from(5), { mode: 'station-staff' })).toMatchObject({ ok: false });
    expect(await ipc.call(IPC_SETUP_CHOOSE, from(5), { mode: 'hub', network: 'yes' })).toMatchObject({ ok: false });
    expect(await ipc.call(IPC_SETUP_PAIR, from(5), { address: 'x', code: 'y' })).toMatchObject({ ok: false });
    expect(existsSync(join(userData, MACHINE_FILE))).toBe(false);
  });

  it('offers only pairing when it opened by itself on a station', async () => {
    mayChoose = false;
    expect(await ipc.call(IPC_SETUP_STATUS, from(5))).toMatchObject({ canChooseMode: false });
    expect(await ipc.call(IPC_SETUP_CHOOSE, from(5), { mode: 'standalone' })).toMatchObject({ ok: false });
    expect(existsSync(join(userData, MACHINE_FILE))).toBe(false);
  });

  it('removes its handlers', () => {
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});
