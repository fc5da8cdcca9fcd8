/**
 * The one log the core and both shells write to, and the rules for what may reach it. A log line is read by whoever
 * looks after the machine, so it must never hold a patient's name, date of birth or answers, a PIN or a token: events
 * carry a fixed kind plus fields whose values are numbers, booleans or short identifier-like tokens; anything that
 * reads like text is replaced, and fields whose NAME says secret or personal are replaced whatever their value (a
 * PIN "2468", a hex token or a first name alone would pass the value rule). Errors keep only their class and code.
 * The shells choose where lines go (see api/pino-log.ts); this module only says what a line may contain.
 */

export type LogLevel = 'error' | 'warn' | 'security' | 'info';
export type LogFieldValue = string | number | boolean | null;
export type LogFields = Record<string, LogFieldValue | undefined>;

export interface Logger {
  /** An error that is not the caller's fault: only the error's class name and code are kept, never its message. */
  error(kind: string, error: unknown, fields?: LogFields): void;
  /** Something went wrong without an error object (a renderer crashed, a window hung). */
  warn(kind: string, fields?: LogFields): void;
  /** A refused request, lockout, blocked navigation: who/what by id, never by name. */
  security(kind: string, fields?: LogFields): void;
  info(kind: string, fields?: LogFields): void;
}

/** For tests and tools that run the core without a shell. */
export const silentLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  security: () => undefined,
  info: () => undefined,
};

/** Identifiers, codes, file-name-like tokens and ISO timestamps: no spaces, so no sentences and no full names. */
const SAFE_TOKEN = /^[A-Za-z0-9_.:+-]{1,80}$/;
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

export const REDACTED = '(redacted)';

/**
 * Field names whose value is replaced even when it looks like a harmless token. Matched case-insensitively on the
 * whole name, so `patientName`, `newPin` and `authToken` are caught as well as `name`, `pin` and `token`.
 */
const SECRET_OR_PERSONAL_KEY =
  /(pins?|tokens?|secrets?|password|authorization|cookies?|names?|birth|dob|answers?|notes?|email|phone|address)$/i;
/** Written by the logger itself (see api/pino-log.ts); a field may not overwrite them. */
const RESERVED_KEYS = new Set(['level', 'time', 'kind', 'errorName', 'errorCode']);

export function isSecretKey(key: string): boolean {
  return SECRET_OR_PERSONAL_KEY.test(key);
}

export function isSafeToken(value: string): boolean {
  return SAFE_TOKEN.test(value);
}

function safeValue(value: unknown): LogFieldValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return SAFE_TOKEN.test(value) ? value : REDACTED;
  // Objects, arrays, errors: their contents are unknown, so none of it is written.
  return REDACTED;
}

/** The fields of one event as they may be written: unsafe names dropped, secret names and text-like values replaced. */
export function redactFields(fields: Readonly<Record<string, unknown>> = {}): Record<string, LogFieldValue> {
  const out: Record<string, LogFieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!SAFE_KEY.test(key) || RESERVED_KEYS.has(key) || value === undefined) continue;
    out[key] = isSecretKey(key) ? REDACTED : safeValue(value);
  }
  return out;
}

/** An event kind as it may be written: `web.bad-token`, `staff.lockout`. */
export function safeKind(kind: string): string {
  return SAFE_TOKEN.test(kind) ? kind : 'unknown';
}

/** The class of an error, e.g. SqliteError, plus its code (SQLITE_BUSY) when it has one: never the message. */
export function describeError(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const name = SAFE_TOKEN.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && SAFE_TOKEN.test(code) ? { errorName: name, errorCode: code } : { errorName: name };
}
