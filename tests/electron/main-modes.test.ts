/**
 * main.ts in each machine mode, against a stand-in Electron but a real core, real TLS and a real hub: hub mode serves
 * the clinic network from the app's own core and Settings sees its fingerprint; a kiosk station opens only the kiosk
 * window, whose calls reach the paired hub; a staff station opens only the clinician window and reports the hub's
 * connection; a station that is not paired opens the setup window, pairing only; a damaged database opens the
 * recovery window, and restoring from it starts Stride; a hub set to a PostgreSQL server it cannot reach says so and
 * starts nothing else.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  IPC_CALL,
  IPC_CONNECTION_STATE,
  IPC_RECOVERY_RESTORE,
  IPC_RECOVERY_STATUS,
  IPC_SETUP_CHOOSE,
  IPC_SETUP_STATUS,
} from '../../src-main/api/bridge';
import {
  readMachineSetting,
  writeMachineSetting,
  MACHINE_FILE,
  type MachineSetting,
} from '../../src-main/station/machine-mode';
import { pairStation } from '../../src-main/station/setup-actions';
import { makeTestCore, repoRoot } from '../support/core';
import { requestHub } from '../../src-main/station/hub-link';
import { startTestHub, type TestHub } from '../support/test-hub';

type Listener = (...args: unknown[]) => unknown;

const h = vi.hoisted(() => ({
  appDir: '',
  userData: '',
  nextId: 1,
  windows: [] as Array<{ url?: string; options: Record<string, unknown>; webContents: { id: number } }>,
  ipcHandlers: new Map<string, Listener>(),
  quitHandlers: [] as Listener[],
  errors: [] as string[],
  closed: [] as string[],
  exits: [] as number[],
}));

vi.mock('electron', () => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(event: string, l: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
      if (event === 'will-quit') h.quitHandlers.push(l);
      return this;
    }
    once(event: string, l: Listener): this {
      return this.on(event, l);
    }
  }
  class FakeWebContents extends Emitter {
    id = h.nextId++;
    setWindowOpenHandler() {}
    setVisualZoomLevelLimits() {
      return Promise.resolve();
    }
    setZoomFactor() {}
    send() {}
    isDestroyed() {
      return false;
    }
  }
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    url: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      h.windows.push(this);
    }
    setMenu() {}
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    setKiosk() {}
    hide() {}
    show() {}
    focus() {}
    close() {
      h.closed.push(this.url ?? '');
    }
    getBounds() {
      return { x: 0, y: 0, width: 1, height: 1 };
    }
  }
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => h.userData,
    setPath: () => undefined,
    getAppPath: () => h.appDir,
    quit: () => undefined,
    exit: (code: number) => h.exits.push(code),
    relaunch: () => undefined,
  });
  const noop = () => undefined;
  return {
    app,
    BrowserWindow,
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    Menu: { setApplicationMenu: noop },
    dialog: { showErrorBox: (_t: string, text: string) => h.errors.push(text) },
    ipcMain: {
      handle: (c: string, fn: Listener) => h.ipcHandlers.set(c, fn),
      removeHandler: (c: string) => h.ipcHandlers.delete(c),
    },
    powerSaveBlocker: { start: () => 1, isStarted: () => false, stop: noop },
    protocol: { registerSchemesAsPrivileged: noop, handle: noop },
    screen: Object.assign(new Emitter(), { getAllDisplays: () => [display], getPrimaryDisplay: () => display }),
    session: {
      defaultSession: {
        setPermissionRequestHandler: noop,
        setPermissionCheckHandler: noop,
        setDevicePermissionHandler: noop,
        setDisplayMediaRequestHandler: noop,
        on: noop,
        webRequest: { onBeforeRequest: noop, onHeadersReceived: noop },
      },
    },
    shell: { openPath: () => Promise.resolve('') },
  };
});

let th: TestHub;
beforeAll(async () => {
  th = await startTestHub();
});
afterAll(async () => {
  await th?.dispose();
});
afterEach(async () => {
  for (const quit of h.quitHandlers) quit({ preventDefault: () => undefined });
  await new Promise((r) => setTimeout(r, 50));
  rmSync(h.appDir, { recursive: true, force: true });
});

/** A fresh app folder and userData, the machine setting written, then main.ts started as Electron would. */
async function launch(setting: MachineSetting | null, prepare?: (userData: string) => Promise<void>): Promise<void> {
  h.appDir = mkdtempSync(join(tmpdir(), 'stride-modes-'));
  h.userData = join(h.appDir, 'userData');
  mkdirSync(join(h.appDir, 'out', 'renderer'), { recursive: true });
  mkdirSync(h.userData);
  writeFileSync(join(h.appDir, 'out', 'renderer', 'kiosk.html'), '<!doctype html><title>k</title>');
  symlinkSync(join(repoRoot, 'resources'), join(h.appDir, 'resources'));
  if (setting) writeMachineSetting(join(h.userData, MACHINE_FILE), setting);
  await prepare?.(h.userData);
  h.windows.length = 0;
  h.ipcHandlers.clear();
  h.quitHandlers.length = 0;
  h.errors.length = 0;
  h.closed.length = 0;
  h.exits.length = 0;
  vi.resetModules();
  await import('../../src-main/electron/main');
  for (let i = 0; i < 100 && h.windows.filter((w) => w.url).length === 0; i++)
    await new Promise((r) => setTimeout(r, 20));
}

/** A port nothing listens on: a PostgreSQL server that is not there. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

const pages = () => h.windows.map((w) => w.url);
const from = (page: string) => {
  const w = h.windows.find((x) => x.url === `app://stride/${page}.html`)!;
  return { sender: { id: w.webContents.id }, senderFrame: { url: w.url, parent: null } };
};
const call = (page: string, method: string, payload: unknown = {}) =>
  h.ipcHandlers.get(IPC_CALL)!(from(page), method, payload) as Promise<{
    ok: boolean;
    value?: unknown;
    error?: { code: string };
  }>;

async function paired(role: 'kiosk' | 'staff') {
  return async (userData: string) => {
    const code = await th.newCode(role);
    const r = await pairStation(
      { address: `127.0.0.1:${th.port}`, fingerprint: th.caFingerprint, code },
      { userData, box: null },
    );
    expect(r.ok).toBe(true);
  };
}

describe('main.ts by machine mode', () => {
  it('hub: shares its own core over TLS, and Settings shows the fingerprint devices compare', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    await launch({ mode: 'hub', network: false, port });
    expect(pages()).toEqual(['app://stride/kiosk.html', 'app://stride/clinician.html']);
    const hubUp = () =>
      requestHub({ host: '127.0.0.1', port }, null, { path: '/ca.crt' }).then(
        () => true,
        () => false,
      );
    for (let i = 0; i < 100 && !(await hubUp()); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await call('clinician', 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
    expect((await call('clinician', 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    const status = await call('clinician', 'admin.machine.status');
    expect(status).toMatchObject({ ok: true, value: { mode: 'hub', hub: { network: false }, canChange: true } });
    const { caFingerprint, origins } = (status.value as { hub: { caFingerprint: string; origins: string[] } }).hub;
    expect(origins).toContain(`https://127.0.0.1:${port}`);
    // The CA a tablet downloads is the one Settings shows.
    const { X509Certificate } = await import('node:crypto');
    const ca = await requestHub({ host: '127.0.0.1', port }, null, { path: '/ca.crt' });
    expect(new X509Certificate(ca.body).fingerprint256).toBe(caFingerprint);
    expect(h.errors).toEqual([]);
  });

  it('kiosk station: only the kiosk window, its calls answered by the paired hub', async () => {
    await launch({ mode: 'station-kiosk' }, await paired('kiosk'));
    expect(pages()).toEqual(['app://stride/kiosk.html']);
    expect(await call('kiosk', 'kiosk.settings')).toMatchObject({
      ok: true,
      value: { clinicName: expect.any(String) as unknown },
    });
    expect(await call('kiosk', 'queue.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('staff station: only the clinician window, which hears the hub connection', async () => {
    await launch({ mode: 'station-staff' }, await paired('staff'));
    expect(pages()).toEqual(['app://stride/clinician.html']);
    const state = () => h.ipcHandlers.get(IPC_CONNECTION_STATE)!(from('clinician'));
    for (let i = 0; i < 100 && (await state()) !== 'open'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await state()).toBe('open');
    expect(await call('clinician', 'queue.list')).toMatchObject({ ok: false, error: { code: 'locked' } });
    // Settings → This computer describes this station (the hub's admin PIN unlocks the window).
    expect((await call('clinician', 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    expect(await call('clinician', 'admin.machine.status')).toMatchObject({
      ok: true,
      value: { mode: 'station-staff', station: { hub: `127.0.0.1:${th.port}`, caFingerprint: th.caFingerprint } },
    });
  });

  it('a station not paired yet: the setup window, pairing only', async () => {
    await launch({ mode: 'station-kiosk' });
    expect(pages()).toEqual(['app://stride/setup.html']);
    expect(h.ipcHandlers.has(IPC_CALL)).toBe(false);
    expect(await h.ipcHandlers.get(IPC_SETUP_STATUS)!(from('setup'))).toMatchObject({
      mode: 'station-kiosk',
      canChooseMode: false,
      notice: expect.stringMatching(/not paired/) as unknown,
    });
  });

  it('on a damaged database: only the recovery window, and after the restore Stride starts on it', async () => {
    await launch({ mode: 'standalone' }, async (userData) => {
      const t = await makeTestCore({ dataDir: userData });
      const admin = { channel: 'staff' as const, key: 'a' };
      expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
      expect((await t.call(admin, 'records.backupNow', {})).ok).toBe(true);
      await t.core.close();
      writeFileSync(join(userData, 'stride.db'), Buffer.alloc(8192, 0x5a));
      for (const x of ['-wal', '-shm']) rmSync(join(userData, `stride.db${x}`), { force: true });
    });
    expect(pages()).toEqual(['app://stride/recovery.html']);
    expect(h.ipcHandlers.has(IPC_CALL)).toBe(false);
    const status = (await h.ipcHandlers.get(IPC_RECOVERY_STATUS)!(from('recovery'))) as {
      problem: string;
      admins: unknown[];
    };
    expect(status).toMatchObject({ problem: expect.stringMatching(/damaged/) as unknown, admins: [{ id: 1 }] });
    const restore = (pin: string) =>
      h.ipcHandlers.get(IPC_RECOVERY_RESTORE)!(from('recovery'), { clinicianId: 1, pin, confirm: true });
    expect(await restore('111111')).toMatchObject({ ok: false, refusal: 'wrong-pin' });
    expect(pages()).toEqual(['app://stride/recovery.html']);
    expect(await restore('246813')).toMatchObject({ ok: true });
    for (let i = 0; i < 100 && !pages().includes('app://stride/clinician.html'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(pages()).toEqual(['app://stride/recovery.html', 'app://stride/kiosk.html', 'app://stride/clinician.html']);
    expect(h.closed).toEqual(['app://stride/recovery.html']);
    // The recovery channels are gone; the restored clinic's admin unlocks the clinician window.
    expect(h.ipcHandlers.has(IPC_RECOVERY_RESTORE)).toBe(false);
    expect((await call('clinician', 'staff.unlock', { clinicianId: 1, pin: '246813' })).ok).toBe(true);
    expect(h.errors).toEqual([]);
  });

  it('hub on a PostgreSQL server it cannot reach: one sentence why, no window, no SQLite file instead', async () => {
    const database = `postgres://stride@127.0.0.1:${await closedPort()}/stride`;
    await launch({ mode: 'hub', network: false, port: 20_000 + Math.floor(Math.random() * 20_000), database });
    for (let i = 0; i < 250 && h.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/^Stride cannot reach the database at postgres:\/\/stride@127\.0\.0\.1:\d+\/stride \(/);
    expect(h.errors[0]).toMatch(/did not open this computer's own database instead/);
    expect(pages()).toEqual([]);
    expect(h.exits).toEqual([1]);
    expect(h.ipcHandlers.has(IPC_CALL)).toBe(false);
    expect(existsSync(join(h.userData, 'stride.db'))).toBe(false);
  });

  it('with --setup: says so once, keeps the setup window open, and goes back to the own database there', async () => {
    const database = `postgres://stride@127.0.0.1:${await closedPort()}/stride`;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    process.argv.push('--setup');
    try {
      await launch({ mode: 'hub', network: false, port, database });
      for (let i = 0; i < 250 && h.errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.argv.splice(process.argv.indexOf('--setup'), 1);
    }
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatch(/tick “Use this computer's own database” in the setup window/);
    expect(pages()).toEqual(['app://stride/setup.html']);
    expect(h.exits).toEqual([]);
    expect(await h.ipcHandlers.get(IPC_SETUP_STATUS)!(from('setup'))).toMatchObject({
      mode: 'hub',
      canChooseMode: true,
      hub: { database },
    });
    expect(
      await h.ipcHandlers.get(IPC_SETUP_CHOOSE)!(from('setup'), { mode: 'hub', network: false, ownDatabase: true }),
    ).toEqual({ ok: true, restart: true });
    expect(readMachineSetting(join(h.userData, MACHINE_FILE))).toEqual({ mode: 'hub', network: false, port: 8443 });
  });
});
