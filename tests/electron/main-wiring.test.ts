/**
 * main.ts against a stand-in Electron: checks that the tested pure rules are actually wired into Electron's hooks
 * (the launch tests do the same against the real binary where it exists).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreEvent } from '../../src-main/api/core-events';
import type { CoreOptions } from '../../src-main/api/app';
import { settingsSchema } from '../../src-main/core/settings';

type Listener = (...args: unknown[]) => unknown;
type Bounds = { x: number; y: number; width: number; height: number };
type FakeDisplay = { id: number; bounds: Bounds; workArea: Bounds };

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, l: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: Listener): this {
    return this.on(event, l);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

const h = vi.hoisted(() => ({
  appDir: '',
  windows: [] as Array<{
    options: Record<string, unknown>;
    url?: string;
    webContents: { id: number };
    calls: string[];
  }>,
  nextId: 1,
  ipcHandlers: new Map<string, unknown>(),
  appEvents: null as unknown,
  session: {} as Record<string, unknown>,
  protocolHandler: null as null | ((request: { method: string; url: string }) => Promise<Response>),
  privileged: [] as unknown[],
  sandboxEnabled: false,
  menu: undefined as unknown,
  blockerStarted: '' as string,
  forgotten: [] as string[],
  displays: [] as FakeDisplay[],
  display: (id: number, x: number): FakeDisplay => ({
    id,
    bounds: { x, y: 0, width: 1920, height: 1080 },
    workArea: { x, y: 0, width: 1920, height: 1040 },
  }),
  coreOptions: null as null | CoreOptions,
  coreListeners: new Set<(event: CoreEvent) => void>(),
}));
h.displays = [h.display(1, 0), h.display(2, 1920)];

vi.mock('electron', () => {
  const appEvents = new Emitter();
  h.appEvents = appEvents;
  class FakeWebContents extends Emitter {
    id = h.nextId++;
    openHandler: unknown;
    setWindowOpenHandler(fn: unknown) {
      this.openHandler = fn;
    }
    setVisualZoomLevelLimits() {
      return Promise.resolve();
    }
    setZoomFactor() {}
    send() {}
    isDestroyed() {
      return false;
    }
    forcefullyCrashRenderer() {}
  }
  class BrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    url: string | undefined;
    /** What main.ts did to the window after creating it, in order. */
    calls: string[] = [];
    bounds: Bounds;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const n = (key: string) => (typeof options[key] === 'number' ? (options[key] as number) : 0);
      this.bounds = { x: n('x'), y: n('y'), width: n('width'), height: n('height') };
      h.windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    setMenu() {}
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    getBounds() {
      return { ...this.bounds };
    }
    setBounds(b: Bounds) {
      this.bounds = { ...b };
      this.calls.push(`setBounds:${b.x}`);
    }
    setKiosk(on: boolean) {
      this.calls.push(`setKiosk:${on}`);
    }
    setAlwaysOnTop(on: boolean) {
      this.calls.push(`setAlwaysOnTop:${on}`);
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.calls.push('focus');
    }
    show() {
      this.calls.push('show');
    }
    hide() {
      this.calls.push('hide');
    }
  }
  const record = (name: string) => (fn: unknown) => {
    h.session[name] = fn;
  };
  return {
    app: Object.assign(appEvents, {
      isPackaged: false,
      enableSandbox: () => {
        h.sandboxEnabled = true;
      },
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => join(h.appDir, 'userData'),
      setPath: () => undefined,
      getAppPath: () => h.appDir,
      quit: () => undefined,
      exit: () => undefined,
    }),
    BrowserWindow,
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    Menu: { setApplicationMenu: (m: unknown) => (h.menu = m) },
    dialog: {
      showErrorBox: (_t: string, text: string) => {
        throw new Error(text);
      },
    },
    ipcMain: {
      handle: (c: string, fn: unknown) => h.ipcHandlers.set(c, fn),
      removeHandler: (c: string) => h.ipcHandlers.delete(c),
    },
    powerSaveBlocker: {
      start: (type: string) => ((h.blockerStarted = type), 7),
      isStarted: () => true,
      stop: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => h.privileged.push(...s),
      handle: (_scheme: string, fn: typeof h.protocolHandler) => (h.protocolHandler = fn),
    },
    screen: Object.assign(new Emitter(), { getAllDisplays: () => h.displays, getPrimaryDisplay: () => h.displays[0] }),
    session: {
      defaultSession: {
        setPermissionRequestHandler: record('permissionRequest'),
        setPermissionCheckHandler: record('permissionCheck'),
        setDevicePermissionHandler: record('devicePermission'),
        setDisplayMediaRequestHandler: record('displayMedia'),
        on: (event: string, fn: unknown) => record(`on:${event}`)(fn),
        webRequest: { onBeforeRequest: record('beforeRequest'), onHeadersReceived: record('headersReceived') },
      },
    },
  };
});

// A core whose every call succeeds and which emits no event by itself: the tests emit core events, so what main.ts
// does can only come from its subscription, never from looking at which method a window called.
vi.mock('../../src-main/api/app', () => ({
  openStrideCore: async (options: CoreOptions) => {
    h.coreOptions = options;
    await Promise.resolve();
    return {
      dispatch: async (caller: unknown, method: string) => ({ ok: true, value: { caller, method } }),
      events: { subscribe: () => () => undefined },
      coreEvents: {
        subscribe: (l: (event: CoreEvent) => void) => {
          h.coreListeners.add(l);
          return () => h.coreListeners.delete(l);
        },
      },
      settings: { get: () => ({ kioskDisplayId: null, kioskFullscreen: true }) },
      forgetCaller: (key: string) => h.forgotten.push(key),
      close: () => undefined,
    };
  },
}));

/** What the core would emit from the handler that caused it. */
function emitCoreEvent(event: CoreEvent): void {
  for (const l of h.coreListeners) l(event);
}

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeAll(async () => {
  h.appDir = mkdtempSync(join(tmpdir(), 'stride-main-'));
  mkdirSync(join(h.appDir, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(h.appDir, 'out', 'renderer', 'kiosk.html'), '<!doctype html><title>k</title>');
  writeFileSync(join(h.appDir, 'secret.txt'), 'not for pages');
  await import('../../src-main/electron/main');
  for (let i = 0; i < 20 && h.windows.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
});

afterAll(() => rmSync(h.appDir, { recursive: true, force: true }));

describe('main.ts wiring', () => {
  it('registers app:// as a secure standard scheme and sandboxes every renderer', () => {
    expect(h.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(h.sandboxEnabled).toBe(true);
    expect(h.menu).toBeNull();
  });

  it('opens the kiosk on the extra display and the clinician on the primary, from app://', () => {
    const [kiosk, clinician] = h.windows;
    expect(kiosk?.url).toBe('app://stride/kiosk.html');
    expect(clinician?.url).toBe('app://stride/clinician.html');
    expect(kiosk?.options).toMatchObject({ kiosk: true, x: 1920 });
    expect(clinician?.options['kiosk']).toBeUndefined();
    expect((clinician?.options['x'] as number) < 1920).toBe(true);
    for (const w of h.windows) {
      expect(w.options['webPreferences']).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: false,
      });
    }
    expect(String((kiosk?.options['webPreferences'] as { preload: string }).preload)).toMatch(/preload-kiosk\.cjs$/);
    expect(String((clinician?.options['webPreferences'] as { preload: string }).preload)).toMatch(
      /preload-clinician\.cjs$/,
    );
  });

  it('denies navigation off app://, new windows and webviews on every web contents', () => {
    const contents = h.windows[0]!.webContents as unknown as Emitter & { openHandler: (d: { url: string }) => unknown };
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://example.com/', preventDefault: vi.fn() };
      contents.emit(event, away);
      expect(away.preventDefault, event).toHaveBeenCalled();
      const home = { url: 'app://stride/kiosk.html', preventDefault: vi.fn() };
      contents.emit(event, home);
      expect(home.preventDefault, event).not.toHaveBeenCalled();
    }
    expect(contents.openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('swallows kiosk key combinations in the kiosk window', () => {
    const contents = h.windows[0]!.webContents as unknown as Emitter;
    const reload = { preventDefault: vi.fn() };
    contents.emit('before-input-event', reload, {
      type: 'keyDown',
      key: 'r',
      control: true,
      meta: false,
      alt: false,
      shift: false,
    });
    expect(reload.preventDefault).toHaveBeenCalled();
    const letter = { preventDefault: vi.fn() };
    contents.emit('before-input-event', letter, {
      type: 'keyDown',
      key: 'a',
      control: false,
      meta: false,
      alt: false,
      shift: false,
    });
    expect(letter.preventDefault).not.toHaveBeenCalled();
  });

  it('denies permissions and off-origin requests in the session', () => {
    const answers: boolean[] = [];
    (h.session['permissionRequest'] as Listener)({}, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect((h.session['permissionCheck'] as Listener)()).toBe(false);
    const cancel = (url: string) => {
      let result: unknown;
      (h.session['beforeRequest'] as Listener)({ url }, (r: unknown) => (result = r));
      return result;
    };
    expect(cancel('https://example.com/x.js')).toEqual({ cancel: true });
    expect(cancel('app://stride/assets/a.js')).toEqual({ cancel: false });
    let headers: unknown;
    (h.session['headersReceived'] as Listener)({ responseHeaders: {} }, (r: unknown) => (headers = r));
    expect(headers).toMatchObject({
      responseHeaders: { 'Content-Security-Policy': [expect.stringMatching(/^default-src 'none'/)] },
    });
  });

  it('serves renderer files with the CSP and refuses traversal', async () => {
    const ok = await h.protocolHandler!({ method: 'GET', url: 'app://stride/kiosk.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/);
    for (const url of [
      'app://stride/../secret.txt',
      'app://stride/%2e%2e/%2e%2e/secret.txt',
      'app://stride/missing.html',
    ]) {
      expect((await h.protocolHandler!({ method: 'GET', url })).status, url).toBe(404);
    }
    expect((await h.protocolHandler!({ method: 'POST', url: 'app://stride/kiosk.html' })).status).toBe(404);
  });

  it('answers IPC by window and keeps the display awake', async () => {
    const handler = h.ipcHandlers.get('stride:call') as Listener;
    const kioskId = h.windows[0]!.webContents.id;
    const result = await handler(
      { sender: { id: kioskId }, senderFrame: { url: 'app://stride/kiosk.html', parent: null } },
      'intake.form',
      {},
    );
    expect(result).toMatchObject({ ok: true, value: { caller: { channel: 'kiosk', key: `wc:${kioskId}` } } });
    expect(h.blockerStarted).toBe('prevent-display-sleep');
  });
  it("gives the core the one logger, and writes its lines and the shell's to userData/logs/stride.log", () => {
    const logger = h.coreOptions?.logger;
    expect(logger).toBeDefined();
    logger!.security('core.wiring-check', { clinicianId: 4, name: 'Maria' });
    const contents = h.windows[0]!.webContents as unknown as Emitter;
    contents.emit('will-navigate', { url: 'https://evil.example/?name=Maria', preventDefault: () => undefined });
    const lines = readFileSync(join(h.appDir, 'userData', 'logs', 'stride.log'), 'utf8')
      .trim()
      .split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'security', kind: 'core.wiring-check', clinicianId: 4, name: '(redacted)' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'security', kind: 'navigation-blocked', targetHost: 'evil.example' }),
    );
    expect(lines.join('\n')).not.toContain('Maria');
  });

  it('moves the kiosk when the core says the settings changed, and not because a window called a method', async () => {
    const [kiosk, clinician] = h.windows;
    const handler = h.ipcHandlers.get('stride:call') as Listener;
    const staffFrame = {
      sender: { id: clinician!.webContents.id },
      senderFrame: { url: 'app://stride/clinician.html', parent: null },
    };
    kiosk!.calls.length = 0;
    // The (fake) core answers ok but emits nothing: nothing moves.
    expect(await handler(staffFrame, 'admin.settings.update', { settings: { kioskDisplayId: 1 } })).toMatchObject({
      ok: true,
    });
    expect(kiosk!.calls).toEqual([]);

    emitCoreEvent({
      type: 'settings.changed',
      settings: settingsSchema.parse({ kioskDisplayId: 1, kioskFullscreen: true }),
    });
    expect(kiosk!.calls).toEqual(['setKiosk:false', 'setBounds:0', 'setKiosk:true']);
  });

  it('one display: a staff lock hands the screen back to the kiosk; two: it leaves both windows alone', async () => {
    const [kiosk, clinician] = h.windows;
    const staff = { channel: 'staff' as const, key: `wc:${clinician!.webContents.id}` };
    kiosk!.calls.length = 0;
    clinician!.calls.length = 0;

    // Two displays: the staff window has its own screen, so a lock changes nothing.
    emitCoreEvent({ type: 'staff.locked', caller: staff });
    expect([...kiosk!.calls, ...clinician!.calls]).toEqual([]);

    h.displays = [h.display(1, 0)];
    emitCoreEvent({ type: 'staff.requested' });
    await tick();
    expect(clinician!.calls).toEqual(expect.arrayContaining(['setAlwaysOnTop:true', 'show']));
    expect(clinician!.calls).not.toContain('hide');

    // A lock by name alone (the fake core emits nothing) does not hand the screen back.
    const handler = h.ipcHandlers.get('stride:call') as Listener;
    await handler(
      { sender: { id: clinician!.webContents.id }, senderFrame: { url: 'app://stride/clinician.html', parent: null } },
      'staff.lock',
      {},
    );
    expect(clinician!.calls).not.toContain('hide');

    kiosk!.calls.length = 0;
    clinician!.calls.length = 0;
    emitCoreEvent({ type: 'staff.locked', caller: staff });
    expect(clinician!.calls).toEqual(['setAlwaysOnTop:false', 'hide']);
    expect(kiosk!.calls).toEqual(['focus']);
  });
});
