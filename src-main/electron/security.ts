/**
 * Electron hardening as plain values and functions, so each rule is unit-tested without the Electron binary.
 * main.ts and windows.ts only wire these into Electron's hooks.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { APP_ORIGIN, isAppOrigin } from './app-origin';

/**
 * Content-Security-Policy for every page. Starts from nothing and allows only our own origin.
 * Svelte 5 sets dynamic styles through the CSSOM (element.style), which CSP does not restrict, and vite emits
 * scripts and styles as files, so no 'unsafe-inline' or 'unsafe-eval' is needed.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['media-src', "'none'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['worker-src', "'none'"],
  ['manifest-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
}

/** Security headers added to every response the app:// protocol serves (and any other response, as a backstop). */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** Merges our security headers into a response's headers, replacing any CSP the response carried. */
export function withSecurityHeaders(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const ours = securityHeaders();
  const ourNames = new Set(Object.keys(ours).map((n) => n.toLowerCase()));
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!ourNames.has(name.toLowerCase())) out[name] = value;
  }
  for (const [name, value] of Object.entries(ours)) out[name] = [value];
  return out;
}

/** Every security-relevant web preference written out, so a changed Electron default cannot weaken us. */
export function secureWebPreferences(options: { preload: string; devTools: boolean }): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // Middle-click would try to open links in a new window; window opening is denied anyway.
    disableBlinkFeatures: 'Auxclick',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    autoplayPolicy: 'user-gesture-required',
    devTools: options.devTools,
  };
}

export interface WindowSettings {
  preload: string;
  devTools: boolean;
  bounds: { x: number; y: number; width: number; height: number };
}

/** The kiosk window: borderless, fullscreen kiosk mode unless the clinic chose windowed mode. */
export function kioskWindowOptions(
  settings: WindowSettings & { fullscreen: boolean },
): BrowserWindowConstructorOptions {
  return {
    ...settings.bounds,
    show: false,
    kiosk: settings.fullscreen,
    fullscreen: settings.fullscreen,
    frame: !settings.fullscreen,
    autoHideMenuBar: true,
    resizable: !settings.fullscreen,
    minimizable: !settings.fullscreen,
    backgroundColor: '#ffffff',
    title: 'Stride',
    webPreferences: secureWebPreferences(settings),
  };
}

/** The clinician window: an ordinary desktop window. */
export function clinicianWindowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  return {
    ...settings.bounds,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Stride — clinician',
    minWidth: 900,
    minHeight: 600,
    webPreferences: secureWebPreferences(settings),
  };
}

/**
 * Navigation guard for will-navigate / will-redirect / will-frame-navigate: only our own app:// origin.
 * Everything else (http, https, file, javascript:, data:, other app hosts) is refused.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppOrigin(url);
}

/** Requests the renderer may make at all (onBeforeRequest): our origin, inline data images, and devtools when on. */
export function isAllowedRequest(url: string): boolean {
  if (isAppOrigin(url)) return true;
  const scheme = url.slice(0, url.indexOf(':') + 1).toLowerCase();
  return scheme === 'data:' || scheme === 'devtools:';
}

/** setWindowOpenHandler: no window is ever opened from a page. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission request handler: a kiosk intake needs no camera, microphone, location, notifications or anything else. */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** Permission check handler: every synchronous permission check says no. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** DevTools only in a development build, and only when asked for. */
export function devToolsAllowed(isPackaged: boolean, env: Record<string, string | undefined>): boolean {
  return !isPackaged && env['STRIDE_DEVTOOLS'] === '1';
}

export { APP_ORIGIN };
