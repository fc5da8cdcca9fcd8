/**
 * The desktop hub's database choice (#18): this computer's SQLite file, or a clinic group's PostgreSQL server. It is
 * a machine setting (machine.json), since it cannot live in the database it points to. A connection string is kept
 * without its password: machine.json is a plain file, so the password belongs in ~/.pgpass or PGPASSWORD of the
 * account Stride runs as (libpq's own places, which the pg driver reads too), and nothing secret is ever stored,
 * shown or logged. The decisions live here, as pure functions, for the handlers (what the Electron shell says when
 * it cannot start on the database is electron/database-startup.ts).
 */
import { z } from 'zod';
import type { DatabaseCheck } from '../store/postgres/check-config';
import { isPostgresUrl, redactConnectionString } from '../store/postgres/connection-string';
import { CONNECTION_STRING_MAX } from './methods/machine';

/** Query parameters that carry a secret in a libpq connection string (password=, sslpassword=). */
const SECRET_PARAMETER = /pass|secret/i;

export const PASSWORD_REFUSED =
  'Leave the password out of the connection string: Stride does not store it. Put it in the file ~/.pgpass (or ' +
  'the environment variable PGPASSWORD) of the account Stride runs as.';

/** Why this connection string cannot be saved, in one sentence; null when it can. */
export function connectionStringProblem(url: string): string | null {
  if (!isPostgresUrl(url))
    return 'A PostgreSQL connection string starts with postgres:// or postgresql:// (for example postgres://stride@db.clinic.lan:5432/stride).';
  if (url.length > CONNECTION_STRING_MAX)
    return `That connection string is longer than ${CONNECTION_STRING_MAX} characters.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'That connection string could not be read: check it for spaces and stray characters.';
  }
  if (parsed.password || [...parsed.searchParams.keys()].some((k) => SECRET_PARAMETER.test(k))) return PASSWORD_REFUSED;
  if (!parsed.pathname.replace(/^\//, '')) return 'Name the database at the end: postgres://user@host:5432/database.';
  return null;
}

/** A connection string as machine.json keeps it: a PostgreSQL URL without a password. */
export const savedConnectionStringSchema = z.string().superRefine((url, ctx) => {
  const problem = connectionStringProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The sentence "Test connection" shows for a check's outcome; never the password (there is none to show). */
export function describeDatabaseCheck(url: string, check: DatabaseCheck): { ok: boolean; message: string } {
  if (!check.ok) return { ok: false, message: check.message };
  const where = redactConnectionString(url);
  // "15.18 (Debian 15.18-0+deb12u1)": the number is what a person compares.
  const version = check.serverVersion.split(' ')[0];
  const schema =
    check.schemaVersion === 0
      ? 'it is empty, and Stride sets it up when it next starts on it'
      : check.willMigrate
        ? `its schema (${check.schemaVersion}) is brought up to date when Stride next starts on it`
        : 'its schema is up to date';
  return {
    ok: true,
    message: `Stride can use the database at ${where} (PostgreSQL ${version}): ${schema}.`,
  };
}

/**
 * Runs the read-only check a hub runs at start (store/postgres/check-config.ts) for "Test connection". The driver is
 * loaded only here, so a clinic on SQLite never loads it.
 */
export async function testDatabase(
  url: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<{ ok: boolean; message: string }> {
  const problem = connectionStringProblem(url);
  if (problem) return { ok: false, message: problem };
  const { checkPostgresDatabase } = await import('../store/postgres/check-config');
  return describeDatabaseCheck(url, await checkPostgresDatabase(url, options));
}
