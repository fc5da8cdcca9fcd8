/**
 * Security and lifecycle log for the Electron shell. Events carry only technical facts (window role, reason, exit
 * code, the origin of a refused URL): never a patient's name, answers, or a full URL, which could hold either.
 */
export type WindowRole = 'kiosk' | 'staff';

export type ShellEvent =
  | { kind: 'navigation-blocked'; url: string }
  | { kind: 'window-open-blocked'; url: string }
  | { kind: 'request-blocked'; url: string }
  | { kind: 'webview-blocked' }
  | { kind: 'permission-denied'; permission: string }
  | { kind: 'ipc-refused'; reason: 'unknown-sender' | 'not-main-frame' | 'foreign-origin'; senderId: number }
  | { kind: 'renderer-gone'; window: WindowRole; reason: string; exitCode: number }
  | { kind: 'renderer-unresponsive'; window: WindowRole }
  | { kind: 'renderer-reloaded'; window: WindowRole; delayMs: number }
  | { kind: 'display-changed'; displays: number }
  | { kind: 'second-instance' }
  | { kind: 'staff-requested' }
  | { kind: 'startup-failed'; error: string }
  /** Only the error's class name: a message could quote patient input. */
  | { kind: 'internal-error'; name: string };

/** Keeps only the scheme and host of a URL: paths and queries may carry data typed by a patient. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : u.protocol;
  } catch {
    return '(unparseable url)';
  }
}

/** Permission names are Electron's fixed identifiers; anything else is replaced rather than echoed. */
function safeToken(value: string): string {
  return /^[a-zA-Z0-9_.-]{1,64}$/.test(value) ? value : '(other)';
}

export function formatShellEvent(event: ShellEvent, now: Date): string {
  const fields: Record<string, string | number> = { kind: event.kind };
  switch (event.kind) {
    case 'navigation-blocked':
    case 'window-open-blocked':
    case 'request-blocked':
      fields['target'] = redactUrl(event.url);
      break;
    case 'permission-denied':
      fields['permission'] = safeToken(event.permission);
      break;
    case 'ipc-refused':
      fields['reason'] = event.reason;
      fields['sender'] = event.senderId;
      break;
    case 'renderer-gone':
      fields['window'] = event.window;
      fields['reason'] = safeToken(event.reason);
      fields['exitCode'] = event.exitCode;
      break;
    case 'renderer-unresponsive':
      fields['window'] = event.window;
      break;
    case 'renderer-reloaded':
      fields['window'] = event.window;
      fields['delayMs'] = event.delayMs;
      break;
    case 'display-changed':
      fields['displays'] = event.displays;
      break;
    case 'startup-failed':
      // Startup errors come from our own code and file system, before any patient data is loaded.
      fields['error'] = event.error.replace(/\s+/g, ' ').slice(0, 500);
      break;
    case 'internal-error':
      fields['name'] = safeToken(event.name);
      break;
    case 'webview-blocked':
    case 'second-instance':
    case 'staff-requested':
      break;
  }
  return JSON.stringify({ time: now.toISOString(), ...fields });
}

export type ShellLogger = (event: ShellEvent) => void;

/** A logger that writes one JSON line per event through `write` (a file append in main.ts, an array in tests). */
export function createShellLogger(write: (line: string) => void, clock: () => Date = () => new Date()): ShellLogger {
  return (event) => {
    try {
      write(formatShellEvent(event, clock()));
    } catch {
      // Logging must never take the app down.
    }
  };
}
