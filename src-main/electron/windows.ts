/**
 * Creates the kiosk and clinician windows and wires the pure lockdown rules into them. Electron-only glue: the
 * decisions live in security.ts, kiosk-keys.ts, displays.ts and recovery.ts, which are unit-tested.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { pageUrl, type Page } from './app-origin';
import { centredIn, isOnDisplay, type DisplayInfo } from './displays';
import { shouldSwallowKioskKey } from './kiosk-keys';
import type { ShellLogger, WindowRole } from './log';
import { createRecoveryTracker, isAbnormalExit, UNRESPONSIVE_GRACE_MS } from './recovery';
import { clinicianWindowOptions, kioskWindowOptions } from './security';

export interface WindowContext {
  preloadDir: string;
  devTools: boolean;
  log: ShellLogger;
  /** True once the app is quitting: until then a fullscreen kiosk window refuses to close. */
  isQuitting(): boolean;
}

// Each `new BrowserWindow` below restates the isolation settings as literals (they already come from
// secureWebPreferences) because static checkers such as electronegativity only read literals at the constructor.

const KIOSK_WINDOWED_SIZE = { width: 1280, height: 800 };
const CLINICIAN_SIZE = { width: 1400, height: 900 };
const SETUP_SIZE = { width: 900, height: 760 };

/**
 * Every window with the same locked-down preferences, whatever its options say: isolated, sandboxed, no Node, no
 * middle-click navigation, no menu.
 */
function lockedWindow(options: BrowserWindowConstructorOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.setMenu(null);
  return win;
}

export function createKioskWindow(ctx: WindowContext, display: DisplayInfo, fullscreen: boolean): BrowserWindow {
  const options = kioskWindowOptions({
    preload: `${ctx.preloadDir}/preload-kiosk.cjs`,
    devTools: ctx.devTools,
    fullscreen,
    bounds: fullscreen ? display.bounds : centredIn(display, KIOSK_WINDOWED_SIZE),
  });
  const win = lockedWindow(options);
  const contents = win.webContents;

  contents.on('before-input-event', (event, input) => {
    if (shouldSwallowKioskKey(input)) event.preventDefault();
  });
  // Pinch-zoom on a touchscreen, and any zoom that slipped through, are undone.
  void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
  win.on('close', (event) => {
    if (fullscreen && !ctx.isQuitting()) event.preventDefault();
  });

  recoverRenderer(win, 'kiosk', 'kiosk', ctx.log);
  win.once('ready-to-show', () => win.show());
  return win;
}

export function createClinicianWindow(ctx: WindowContext, display: DisplayInfo): BrowserWindow {
  const options = clinicianWindowOptions({
    preload: `${ctx.preloadDir}/preload-clinician.cjs`,
    devTools: ctx.devTools,
    bounds: centredIn(display, CLINICIAN_SIZE),
  });
  const win = lockedWindow(options);
  recoverRenderer(win, 'staff', 'clinician', ctx.log);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** This computer's setup (mode, pairing): an ordinary window with its own preload, no contract. */
export function createSetupWindow(ctx: WindowContext, display: DisplayInfo): BrowserWindow {
  const options = clinicianWindowOptions({
    preload: `${ctx.preloadDir}/preload-setup.cjs`,
    devTools: ctx.devTools,
    bounds: centredIn(display, SETUP_SIZE),
  });
  const win = lockedWindow(options);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** The recovery screen when the database is lost or damaged: its own preload (recovery calls only), nothing else. */
export function createRecoveryWindow(ctx: WindowContext, display: DisplayInfo): BrowserWindow {
  const options = clinicianWindowOptions({
    preload: `${ctx.preloadDir}/preload-recovery.cjs`,
    devTools: ctx.devTools,
    bounds: centredIn(display, SETUP_SIZE),
  });
  const win = lockedWindow(options);
  win.once('ready-to-show', () => win.show());
  return win;
}

export function loadPage(win: BrowserWindow, page: Page): Promise<void> {
  return win.loadURL(pageUrl(page));
}

/** Moves the kiosk to another display (display added or removed), keeping kiosk mode. */
export function moveKioskTo(win: BrowserWindow, display: DisplayInfo, fullscreen: boolean): void {
  if (win.isDestroyed() || isOnDisplay(win.getBounds(), display)) return;
  if (fullscreen) {
    win.setKiosk(false);
    win.setBounds(display.bounds);
    win.setKiosk(true);
  } else {
    win.setBounds(centredIn(display, KIOSK_WINDOWED_SIZE));
  }
}

/**
 * A crashed renderer is reloaded to its start page (the kiosk's welcome screen: a fresh page holds nothing of the
 * previous patient); a hung one gets a grace period, then is crashed on purpose so the same path reloads it.
 */
function recoverRenderer(win: BrowserWindow, role: WindowRole, page: Page, log: ShellLogger): void {
  const tracker = createRecoveryTracker();
  let hangTimer: NodeJS.Timeout | undefined;
  const contents = win.webContents;

  contents.on('render-process-gone', (_event, details) => {
    log({ kind: 'renderer-gone', window: role, reason: details.reason, exitCode: details.exitCode });
    if (!isAbnormalExit(details.reason)) return;
    const delayMs = tracker.nextReloadDelay(Date.now());
    setTimeout(() => {
      if (win.isDestroyed()) return;
      log({ kind: 'renderer-reloaded', window: role, delayMs });
      void loadPage(win, page).catch(() => undefined);
    }, delayMs);
  });
  win.on('unresponsive', () => {
    log({ kind: 'renderer-unresponsive', window: role });
    clearTimeout(hangTimer);
    hangTimer = setTimeout(() => {
      if (!win.isDestroyed()) contents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => clearTimeout(hangTimer));
  win.on('closed', () => clearTimeout(hangTimer));
}
