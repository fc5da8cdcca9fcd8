/**
 * Before a hub serves anyone on a PostgreSQL database: is the server reachable, does it hold a schema this Stride can
 * use, are the extensions it needs there. Reads only (it never migrates or creates anything), and every message is
 * one sentence a clinic's IT can act on, with the password never in it.
 */
import pg from 'pg';
import { redactConnectionString, redactSecrets } from './connection-string';
import { PG_LATEST_SCHEMA_VERSION, readPgSchemaVersion } from './migrations';

export const REQUIRED_EXTENSIONS = ['unaccent', 'pg_trgm'] as const;

export type DatabaseCheck =
  | { ok: true; schemaVersion: number; serverVersion: string; willMigrate: boolean }
  | { ok: false; problem: 'unreachable' | 'schema-too-new' | 'extensions-missing'; message: string };

export async function checkPostgresDatabase(
  connectionString: string,
  options: { connectTimeoutMs?: number; knownSchemaVersion?: number } = {},
): Promise<DatabaseCheck> {
  const where = redactConnectionString(connectionString);
  const known = options.knownSchemaVersion ?? PG_LATEST_SCHEMA_VERSION;
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    application_name: 'stride-check',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    const why = redactSecrets(e instanceof Error ? e.message : String(e), connectionString);
    return {
      ok: false,
      problem: 'unreachable',
      message:
        `Stride cannot reach the database at ${where} (${why}). Check the address, the port, that the server is ` +
        `running and that it accepts this user.`,
    };
  }
  try {
    // SHOW names its column after the setting (server_version); the alias is what is read below.
    const server = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const serverVersion = server.rows[0]?.v ?? 'unknown';
    const installed = await client.query<{ extname: string }>(
      'SELECT extname FROM pg_extension WHERE extname = ANY($1)',
      [REQUIRED_EXTENSIONS],
    );
    const have = new Set(installed.rows.map((r) => r.extname));
    const missing = REQUIRED_EXTENSIONS.filter((x) => !have.has(x));
    if (missing.length) {
      return {
        ok: false,
        problem: 'extensions-missing',
        message:
          `The database at ${where} lacks the extension${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}, ` +
          `which patient search needs. A database administrator can add them with: ` +
          missing.map((x) => `CREATE EXTENSION ${x};`).join(' ') +
          ` (Debian and Ubuntu ship them with the postgresql package.)`,
      };
    }
    const schemaVersion = await readPgSchemaVersion(client);
    if (schemaVersion > known) {
      return {
        ok: false,
        problem: 'schema-too-new',
        message:
          `The database at ${where} was written by a newer Stride (schema ${schemaVersion}; this version knows up ` +
          `to ${known}). Update Stride on this hub; the database was not changed.`,
      };
    }
    return { ok: true, schemaVersion, serverVersion, willMigrate: schemaVersion < known };
  } finally {
    await client.end().catch(() => undefined);
  }
}
