/**
 * The Electron shell's security and lifecycle events, written to the one log the core also writes to (core/log.ts,
 * a file in userData: see main.ts). The union below is the shell's whole vocabulary; each event carries only technical
 * facts (window role, reason, exit code, the scheme and host of a refused URL), never a full URL, which could hold what
 * a patient typed. The logger's own redaction still applies to every field on top of this.
 */
import type { Logger } from '../core/log';

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
  /** The database is lost or damaged: the recovery window was shown, and later a backup was restored from it. */
  | { kind: 'recovery-offered' | 'recovery-restored'; reason: string }
  /** Only the error's class and code reach the log; the dialog shows the whole text to whoever is at the screen. */
  | { kind: 'startup-failed'; error: unknown };

export type ShellLogger = (event: ShellEvent) => void;

/** The scheme and host of a URL: its path and query may carry data typed by a patient. */
export function urlTarget(url: string): { targetScheme: string; targetHost: string | null } {
  try {
    const u = new URL(url);
    return { targetScheme: u.protocol.replace(/:$/, ''), targetHost: u.host || null };
  } catch {
    return { targetScheme: 'unparseable', targetHost: null };
  }
}

export function logShellEvent(log: Logger, event: ShellEvent): void {
  const { kind } = event;
  switch (event.kind) {
    case 'navigation-blocked':
    case 'window-open-blocked':
    case 'request-blocked':
      return log.security(kind, urlTarget(event.url));
    case 'webview-blocked':
      return log.security(kind);
    case 'permission-denied':
      return log.security(kind, { permission: event.permission });
    case 'ipc-refused':
      return log.security(kind, { reason: event.reason, senderId: event.senderId });
    case 'renderer-gone':
      return log.warn(kind, { window: event.window, reason: event.reason, exitCode: event.exitCode });
    case 'renderer-unresponsive':
      return log.warn(kind, { window: event.window });
    case 'renderer-reloaded':
      return log.info(kind, { window: event.window, delayMs: event.delayMs });
    case 'display-changed':
      return log.info(kind, { displays: event.displays });
    case 'second-instance':
    case 'staff-requested':
      return log.info(kind);
    case 'recovery-offered':
    case 'recovery-restored':
      return log.warn(kind, { reason: event.reason });
    case 'startup-failed':
      return log.error(kind, event.error);
  }
}

/** The shell's typed view of the one logger (what ipc.ts and windows.ts are given). */
export function shellLogger(log: Logger): ShellLogger {
  return (event) => logShellEvent(log, event);
}
