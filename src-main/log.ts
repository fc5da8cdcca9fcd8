/**
 * The Node-side log (core, web shell, backups): errors and security events as one JSON line each. It is built so that
 * a patient's name or answers cannot reach it: events carry a fixed kind plus fields that must be numbers, booleans or
 * short identifier-like tokens; anything else (free text, error messages, which may quote patient input) is dropped.
 */
import type { Clock } from './core/clock';
import { systemClock } from './core/clock';

export type LogLevel = 'error' | 'security' | 'info';
export type LogFieldValue = string | number | boolean | null;
export type LogFields = Record<string, LogFieldValue | undefined>;

export interface Logger {
  /** An error that is not the caller's fault: only the error's class name is kept, never its message. */
  error(kind: string, error: unknown, fields?: LogFields): void;
  /** A refused request, lockout, restore, purge: who/what by id, never by name. */
  security(kind: string, fields?: LogFields): void;
  info(kind: string, fields?: LogFields): void;
}

/** Identifiers, codes, file-name-like tokens and ISO timestamps: no spaces, so no sentences and no names. */
const SAFE_TOKEN = /^[A-Za-z0-9_.:+-]{1,80}$/;
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

export const REDACTED = '(redacted)';

function safeValue(value: LogFieldValue): LogFieldValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return SAFE_TOKEN.test(value) ? value : REDACTED;
}

export function redactFields(fields: LogFields = {}): Record<string, LogFieldValue> {
  const out: Record<string, LogFieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!SAFE_KEY.test(key) || value === undefined) continue;
    out[key] = typeof value === 'object' && value !== null ? REDACTED : safeValue(value);
  }
  return out;
}

/** The class of an error, e.g. SqliteError, plus its code (SQLITE_BUSY) when it has one: never the message. */
export function describeError(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const name = SAFE_TOKEN.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && SAFE_TOKEN.test(code) ? { errorName: name, errorCode: code } : { errorName: name };
}

export function formatLogLine(level: LogLevel, kind: string, fields: LogFields, now: Date): string {
  const safeKind = SAFE_TOKEN.test(kind) ? kind : 'unknown';
  return JSON.stringify({ at: now.toISOString(), level, kind: safeKind, ...redactFields(fields) });
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), clock: Clock = systemClock): Logger {
  const emit = (level: LogLevel, kind: string, fields: LogFields) => {
    try {
      write(formatLogLine(level, kind, fields, clock.now()));
    } catch {
      // Logging must never take the app down.
    }
  };
  return {
    error: (kind, error, fields = {}) => emit('error', kind, { ...fields, ...describeError(error) }),
    security: (kind, fields = {}) => emit('security', kind, fields),
    info: (kind, fields = {}) => emit('info', kind, fields),
  };
}
