/**
 * Electron entry point: lifecycle, session lockdown, the app:// protocol, windows and IPC. Only wiring lives here;
 * every decision is a tested function in a sibling module.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  type WebContents,
} from 'electron';
import { openStrideCore, type StrideCore } from '../api/app';
import { createRecoverySession } from '../api/recovery-session';
import { RecoveryNeededError } from '../api/startup';
import type { CoreEvent } from '../api/core-events';
import type { DesktopCapabilities } from '../api/handlers/deps';
import { createLogger, fileSink, stderrSink } from '../api/pino-log';
import type { Logger } from '../core/log';
import { BUILT_WORKER_FILE, setHandoutWorkerEntry } from '../core/handout/pdf-worker-client';
import { APP_SCHEME } from './app-origin';
import { resolveAppPath, mimeTypeFor } from './app-protocol';
import { chooseDisplays, type DisplayInfo } from './displays';
import { closeBeforeQuit } from './close-before-quit';
import { bindIpc, type IpcBinding } from './ipc';
import { shellLogger, type ShellLogger } from './log';
import { databaseOpenFailureReason, databaseStartupFailureText } from './database-startup';
import { databaseOpenErrorMessage, findNativeBinding, nativeBindingCandidates } from './native-binding';
import { dropLoaderOverrides } from './packaged-env';
import { saveWithDialog } from './save-file';
import {
  denyPermissionCheck,
  denyWindowOpen,
  devToolsAllowed,
  isAllowedNavigation,
  isAllowedRequest,
  securityHeaders,
  withSecurityHeaders,
} from './security';
import { onStaffLocked, onStaffRequested } from './staff-switch';
import {
  createClinicianWindow,
  createKioskWindow,
  createRecoveryWindow,
  createSetupWindow,
  loadPage,
  moveKioskTo,
  type WindowContext,
} from './windows';
import type { Hub } from '../hub/server';
import { hubNames } from '../hub/listen';
import {
  readStationCredential,
  STATION_FILE,
  type ReadCredential,
  type StationCredential,
} from '../station/credential-file';
import {
  MACHINE_FILE,
  machineDatabaseFile,
  planStartup,
  readMachineSetting,
  SETUP_MESSAGES,
  type SetupReason,
  type StartupPlan,
} from '../station/machine-mode';
import type { StationBackend } from '../station/station-backend';
import { bindSetupIpc } from './setup-ipc';
import { bindRecoveryIpc } from './recovery-ipc';
import { safeStorageBox } from './secret-box';

// Must happen before `ready`: app:// behaves like a secure, standard origin (so 'self' in the CSP means it).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// trust (issue 15): a packaged build ignores STRIDE_* loader overrides; removed before anything below reads them.
const ignoredOverrides = dropLoaderOverrides(app.isPackaged, process.env);
// Tests and development can keep their data apart; a packaged app always uses Electron's userData folder.
const userDataOverride = process.env['STRIDE_USER_DATA_DIR'];
if (userDataOverride && !app.isPackaged) app.setPath('userData', userDataOverride);

let quitting = false;
// One logger for the core and this shell: stderr until start() opens the file in userData.
let logger: Logger = createLogger(stderrSink());
let log: ShellLogger = shellLogger(logger);
if (ignoredOverrides.length > 0) logger.security('packaged.overrides-ignored', { names: ignoredOverrides.join(',') });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start).catch(fail);
}

/** App-wide: no navigation off our origin, no new windows, no <webview>. */
function hardenWebContents(contents: WebContents): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      log({ kind: 'navigation-blocked', url });
    }
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.setWindowOpenHandler(({ url }) => {
    log({ kind: 'window-open-blocked', url });
    return denyWindowOpen();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log({ kind: 'webview-blocked' });
  });
}

function lockDownSession(rendererDir: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log({ kind: 'permission-denied', permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(denyPermissionCheck);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.on('will-download', (event) => event.preventDefault());
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) log({ kind: 'request-blocked', url: details.url });
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });

  protocol.handle(APP_SCHEME, async (request) => {
    const filePath = request.method === 'GET' ? resolveAppPath(rendererDir, request.url) : null;
    const type = filePath ? mimeTypeFor(filePath) : null;
    if (!filePath || !type) return new Response('Not found', { status: 404, headers: securityHeaders() });
    try {
      const body = await readFile(filePath);
      return new Response(new Uint8Array(body), {
        status: 200,
        headers: { 'Content-Type': type, ...securityHeaders() },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: securityHeaders() });
    }
  });
}

function displayInfos(): { displays: DisplayInfo[]; primaryId: number } {
  const displays = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea }));
  return { displays, primaryId: screen.getPrimaryDisplay().id };
}

function nativeSqlite(): { candidates: string[]; nativeBinding: string | undefined } {
  const candidates = nativeBindingCandidates(app.getAppPath(), process.env, app.isPackaged);
  return { candidates, nativeBinding: findNativeBinding(candidates, existsSync) };
}

/** This computer's SQLite file, or the PostgreSQL server the hub was set to (never the one instead of the other). */
async function openCore(machine: DesktopCapabilities['machine'], database: string | null): Promise<StrideCore> {
  const { candidates, nativeBinding } = nativeSqlite();
  const resourcesDir = join(app.getAppPath(), 'resources');
  // Worker threads (handout PDFs) read fonts and illustrations from here too.
  process.env.STRIDE_RESOURCES_DIR = resourcesDir;
  setHandoutWorkerEntry(join(import.meta.dirname, BUILT_WORKER_FILE));
  try {
    return await openStrideCore({
      dataDir: app.getPath('userData'),
      database: database ?? undefined,
      resourcesDir,
      // Handouts print from the system PDF viewer's own print dialog.
      desktop: {
        openFile: (path) => shell.openPath(path),
        // trust (issue 15): downloads are saved by the main process (save-file.ts); Electron cancels blob: downloads.
        saveFile: (fileName, bytes) =>
          saveWithDialog(
            { showSaveDialog: (o) => dialog.showSaveDialog(o), defaultDir: app.getPath('downloads') },
            fileName,
            bytes,
          ),
        ...(machine ? { machine } : {}),
      },
      ...(nativeBinding ? { nativeBinding } : {}),
      logger,
    });
  } catch (e) {
    if (database) {
      const setupOpen = process.argv.includes('--setup');
      throw new StartupError(databaseStartupFailureText(databaseOpenFailureReason(e, database), setupOpen), e);
    }
    throw new StartupError(databaseOpenErrorMessage(e, candidates, nativeBinding), e);
  }
}

class StartupError extends Error {
  constructor(
    readonly dialogText: string,
    readonly original: unknown,
  ) {
    super(dialogText);
  }
}

async function start(): Promise<void> {
  try {
    logger = createLogger(fileSink(join(app.getPath('userData'), 'logs', 'stride.log')));
    log = shellLogger(logger);
  } catch (e) {
    // An unwritable log folder must not keep the clinic from starting: the lines stay on stderr.
    logger.error('log.file-unavailable', e);
  }

  const appPath = app.getAppPath();
  lockDownSession(join(appPath, 'out', 'renderer'));
  Menu.setApplicationMenu(null);
  const ctx: WindowContext = {
    preloadDir: join(appPath, 'out', 'preload'),
    devTools: devToolsAllowed(app.isPackaged, process.env),
    log,
    isQuitting: () => quitting,
  };

  // What this computer is (station/machine-mode.ts decides what that starts).
  const userData = app.getPath('userData');
  const box = safeStorageBox();
  let credential: ReadCredential | null = null;
  const readCredential = () => (credential ??= readStationCredential(join(userData, STATION_FILE), box));
  const plan = planStartup(readMachineSetting(join(userData, MACHINE_FILE)), readCredential);
  const setup = setupWindow(ctx, userData, box);
  // `stride --setup` again while Stride runs: the running one opens its setup window.
  app.on('second-instance', (_event, argv) => {
    if (Array.isArray(argv) && argv.includes('--setup')) setup.open(null);
  });
  if (plan.kind === 'setup') return setup.open(plan.reason);
  const setupAsked = process.argv.includes('--setup');
  if (setupAsked) setup.open(null);
  if (plan.kind === 'station') {
    const read = readCredential();
    if (read.ok) await startStation(ctx, userData, read.credential, setup.open);
    return;
  }
  try {
    await startLocal(ctx, plan, join(userData, MACHINE_FILE), setup.open);
  } catch (e) {
    // `stride --setup` on a hub whose PostgreSQL server cannot be used: said once, and the setup window stays open,
    // so the hub can be pointed back at this computer's own database.
    if (!(setupAsked && plan.database && e instanceof StartupError)) throw e;
    log({ kind: 'startup-failed', error: e.original });
    dialog.showErrorBox('Stride could not open the clinic database', e.dialogText);
  }
}

/** Standalone, or hub: the local core with both windows, and the hub server when this computer shares. */
async function startLocal(
  ctx: WindowContext,
  plan: Extract<StartupPlan, { kind: 'local' }>,
  machineFile: string,
  openSetup: (reason: SetupReason | null) => void,
): Promise<void> {
  const appPath = app.getAppPath();
  const hubListen = plan.hub;

  let hub: Hub | null = null;
  // What Settings shows about this computer (api/methods/machine.ts).
  let core: StrideCore;
  try {
    core = await openCore(
      {
        status: () => ({
          mode: hubListen ? 'hub' : 'standalone',
          hub: hub
            ? {
                origins: hub.origins,
                caFingerprint: hub.certificates.caFingerprint,
                network: hubListen?.host !== '127.0.0.1',
              }
            : null,
          station: null,
          canChange: true,
        }),
        openSetup: () => openSetup(null),
        // Settings → This computer: where the hub keeps its data, from the next start.
        database: machineDatabaseFile(machineFile),
      },
      plan.database,
    );
  } catch (e) {
    // trust (issue 15): a lost or damaged database opens the recovery window; once restored, Stride starts on it.
    if (e instanceof StartupError && e.original instanceof RecoveryNeededError)
      return offerRecovery(ctx, e.original, () => startLocal(ctx, plan, machineFile, openSetup));
    throw e;
  }
  const binding: IpcBinding = bindIpc(ipcMain, core, log);
  hub = hubListen ? await shareOnNetwork(core, join(appPath, 'out', 'renderer'), hubListen) : null;

  const choose = (settings = core.settings.get()) => {
    const { displays, primaryId } = displayInfos();
    return chooseDisplays(displays, primaryId, settings.kioskDisplayId);
  };

  const initial = choose();
  const kiosk = createKioskWindow(ctx, initial.kiosk, core.settings.get().kioskFullscreen);
  binding.registerWindow(kiosk.webContents, 'kiosk');

  let clinician: BrowserWindow | null = null;
  const openClinician = async () => {
    if (clinician && !clinician.isDestroyed()) {
      if (clinician.isMinimized()) clinician.restore();
      clinician.focus();
      return;
    }
    const win = createClinicianWindow(ctx, choose().clinician);
    clinician = win;
    binding.registerWindow(win.webContents, 'staff');
    win.on('closed', () => {
      if (clinician === win) clinician = null;
    });
    await loadPage(win, 'clinician');
  };

  // On a one-screen machine the staff window covers the kiosk when asked for, and locking it hands the screen back
  // (see staff-switch.ts).
  let staffCoversKiosk = false;
  const coverKiosk = () => {
    if (!clinician || clinician.isDestroyed()) return;
    staffCoversKiosk = true;
    clinician.setBounds(kiosk.getBounds());
    clinician.setAlwaysOnTop(true, 'screen-saver');
    clinician.show();
    clinician.focus();
  };
  const returnToKiosk = () => {
    staffCoversKiosk = false;
    clinician?.setAlwaysOnTop(false);
    clinician?.hide();
    if (!kiosk.isDestroyed()) kiosk.focus();
  };

  // The shell acts on what happened in the core (core-events.ts), never on which method a window called.
  core.coreEvents.subscribe((event: CoreEvent) => {
    switch (event.type) {
      case 'settings.changed':
        // Settings apply without a restart: a changed kiosk display moves the kiosk now.
        if (!kiosk.isDestroyed()) moveKioskTo(kiosk, choose(event.settings).kiosk, event.settings.kioskFullscreen);
        return;
      case 'staff.locked':
        if (
          event.caller.channel === 'staff' &&
          onStaffLocked(screen.getAllDisplays().length, staffCoversKiosk) === 'return-to-kiosk'
        )
          returnToKiosk();
        return;
      case 'staff.requested':
        log({ kind: 'staff-requested' });
        if (onStaffRequested(screen.getAllDisplays().length) === 'cover-kiosk')
          void openClinician().then(coverKiosk, (e: unknown) => logger.error('staff.cover-kiosk-failed', e));
        return;
    }
  });

  await loadPage(kiosk, 'kiosk');
  await openClinician();

  // Launching Stride again (for example after closing the clinician window) brings the clinician window back.
  app.on('second-instance', () => {
    log({ kind: 'second-instance' });
    void openClinician();
  });

  const followDisplays = () => {
    const { displays } = displayInfos();
    log({ kind: 'display-changed', displays: displays.length });
    if (displays.length === 0 || kiosk.isDestroyed()) return;
    moveKioskTo(kiosk, choose().kiosk, core.settings.get().kioskFullscreen);
  };
  screen.on('display-added', followDisplays);
  screen.on('display-removed', followDisplays);

  const blockerId = powerSaveBlocker.start('prevent-display-sleep');
  closeBeforeQuit(
    app,
    async () => {
      if (powerSaveBlocker.isStarted(blockerId)) powerSaveBlocker.stop(blockerId);
      binding.dispose();
      await hub?.close();
      await core.close();
    },
    (e) => logger.error('app.close-failed', e),
  );
}

/**
 * The recovery window (issue 15): what is wrong and the newest verified backup, restored on an administrator's
 * confirmation by the same session as the web shell's recovery page; then the core starts on the restored database
 * and the window closes. Closing it without restoring quits Stride (no other window is open).
 */
function offerRecovery(ctx: WindowContext, problem: RecoveryNeededError, startAgain: () => Promise<void>): void {
  log({ kind: 'recovery-offered', reason: problem.reason });
  const session = createRecoverySession({ problem, dataDir: app.getPath('userData') });
  const { displays, primaryId } = displayInfos();
  const win = createRecoveryWindow(ctx, chooseDisplays(displays, primaryId, null).clinician);
  const dispose = bindRecoveryIpc(ipcMain, {
    session,
    windowId: () => (win.isDestroyed() ? null : win.webContents.id),
    onRecovered: () => {
      log({ kind: 'recovery-restored', reason: problem.reason });
      dispose();
      // After the reply reaches the window: start Stride, then let the recovery window go.
      setImmediate(() => {
        startAgain().then(() => {
          if (!win.isDestroyed()) win.close();
        }, fail);
      });
      return Promise.resolve();
    },
  });
  void loadPage(win, 'recovery').catch((e: unknown) => logger.error('recovery.load-failed', e));
}

/** Hub mode: the hub server on this core, from the same userData (its CA in tls/). A failure leaves the app local. */
async function shareOnNetwork(
  core: StrideCore,
  rendererDir: string,
  listen: { host: string; port: number },
): Promise<Hub | null> {
  try {
    // Loaded only on a hub: its server and certificate code take tens of ms to load (docs/performance.md).
    const { startHub } = await import('../hub/server');
    const hub = await startHub({
      core,
      rendererDir,
      dataDir: app.getPath('userData'),
      listen,
      names: hubNames(listen, []),
      logger,
    });
    logger.info('hub.started', { origin: hub.origin, caFingerprint: hub.certificates.caFingerprint });
    return hub;
  } catch (e) {
    logger.error('hub.start-failed', e);
    dialog.showErrorBox(
      'Stride could not share with other devices',
      `The hub could not listen on ${listen.host}:${listen.port} (${e instanceof Error ? e.message : String(e)}). ` +
        'This computer works on its own until that is fixed.',
    );
    return null;
  }
}

/** A station: no local database; the one window of its role talks to the paired hub (station-backend.ts). */
async function startStation(
  ctx: WindowContext,
  userData: string,
  credential: StationCredential,
  openSetup: (reason: SetupReason | null) => void,
): Promise<void> {
  const { nativeBinding } = nativeSqlite();
  // Loaded only on a station, so a computer on its own starts without the station's network code.
  const { startStationBackend } = await import('../station/station-backend');
  const backend: StationBackend = startStationBackend({
    credential,
    dataDir: userData,
    ...(nativeBinding ? { nativeBinding } : {}),
    logger,
    openFile: (path) => shell.openPath(path),
    machine: {
      status: () => ({
        mode: credential.role === 'kiosk' ? 'station-kiosk' : 'station-staff',
        hub: null,
        station: {
          hub: `${credential.hub.host}:${credential.hub.port}`,
          caFingerprint: credential.caFingerprint,
          deviceName: credential.deviceName,
        },
        canChange: true,
      }),
      openSetup: () => openSetup(null),
    },
    onUnpaired: () => {
      // A revoked kiosk takes no more patients: its window gives way to the setup window (pairing only).
      if (backend.role === 'kiosk' && !win.isDestroyed()) {
        win.setKiosk(false);
        win.hide();
      }
      openSetup('unpaired');
    },
  });
  const binding = bindIpc(ipcMain, backend, log);
  const { displays, primaryId } = displayInfos();
  const where = chooseDisplays(displays, primaryId, null);
  const win =
    backend.role === 'kiosk' ? createKioskWindow(ctx, where.kiosk, true) : createClinicianWindow(ctx, where.clinician);
  binding.registerWindow(win.webContents, backend.role);
  void loadPage(win, backend.role === 'kiosk' ? 'kiosk' : 'clinician').catch((e: unknown) =>
    logger.error('station.load-failed', e),
  );
  const blockerId = backend.role === 'kiosk' ? powerSaveBlocker.start('prevent-display-sleep') : null;
  closeBeforeQuit(
    app,
    async () => {
      if (blockerId !== null && powerSaveBlocker.isStarted(blockerId)) powerSaveBlocker.stop(blockerId);
      binding.dispose();
      await backend.close();
    },
    (e) => logger.error('app.close-failed', e),
  );
}

/** The setup window: opened by itself when this computer cannot start as set, or with `--setup`. */
function setupWindow(
  ctx: WindowContext,
  userData: string,
  box: ReturnType<typeof safeStorageBox>,
): { open(reason: SetupReason | null): void } {
  let win: BrowserWindow | null = null;
  let notice: string | null = null;
  // Opened on purpose (--setup, or an admin in Settings), or nothing can be read: every choice. By itself on a
  // station: pairing only.
  let mayChooseMode = true;
  bindSetupIpc(ipcMain, {
    deps: { userData, box },
    setupWindowId: () => (win && !win.isDestroyed() ? win.webContents.id : null),
    notice: () => notice,
    mayChooseMode: () => mayChooseMode,
    restart: () => {
      app.relaunch({ args: process.argv.slice(1).filter((a) => a !== '--setup') });
      quitting = true;
      app.exit(0);
    },
  });
  return {
    open(reason) {
      notice = reason ? SETUP_MESSAGES[reason] : null;
      mayChooseMode = reason === null || reason === 'setting-unreadable';
      if (win && !win.isDestroyed()) {
        win.focus();
        return;
      }
      const { displays, primaryId } = displayInfos();
      const created = createSetupWindow(ctx, chooseDisplays(displays, primaryId, null).clinician);
      win = created;
      created.on('closed', () => {
        if (win === created) win = null;
        // Closed with nothing else showing (a revoked kiosk's window is hidden): Stride ends rather than run unseen.
        if (BrowserWindow.getAllWindows().every((w) => w.isDestroyed() || !w.isVisible())) {
          quitting = true;
          app.quit();
        }
      });
      void loadPage(created, 'setup').catch((e: unknown) => logger.error('setup.load-failed', e));
    },
  };
}

function fail(e: unknown): void {
  const text =
    e instanceof StartupError
      ? e.dialogText
      : `Stride could not start.\n\n${e instanceof Error ? e.message : String(e)}`;
  log({ kind: 'startup-failed', error: e instanceof StartupError ? e.original : e });
  dialog.showErrorBox('Stride could not start', text);
  quitting = true;
  app.exit(1);
}
