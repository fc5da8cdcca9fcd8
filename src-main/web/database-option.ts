/**
 * Where a headless shell keeps the clinic's data: `--database` or, kept out of the process list, `STRIDE_DATABASE_URL`.
 * Nothing (or an empty value) is the SQLite file in the data folder; anything else must be a PostgreSQL connection
 * string (docs/postgres.md), so a typo stops the shell instead of quietly starting on an empty SQLite file.
 */
import { isPostgresUrl } from '../store/postgres/connection-string';

export const DATABASE_OPTION_PROBLEM =
  '--database takes a PostgreSQL connection string (postgres://user@host:5432/database).';

/** The connection string to open, undefined for SQLite, or null when what was given is not one. */
export function chosenDatabase(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined | null {
  const database = (flag ?? env['STRIDE_DATABASE_URL'] ?? '').trim();
  if (database === '') return undefined;
  return isPostgresUrl(database) ? database : null;
}
