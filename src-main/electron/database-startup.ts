/**
 * What the desktop app says when it cannot start on the PostgreSQL server its hub was set to (#18): a pure function,
 * like native-binding.ts's message for the SQLite binding, so main.ts only shows it.
 */
import { DatabaseConfigError } from '../api/app';
import { redactConnectionString, redactSecrets } from '../store/postgres/connection-string';

/**
 * What the desktop app says when it cannot start on the PostgreSQL database it was set to: the check's sentence (or
 * the driver's, with the connection's secrets removed), that it did not fall back to this computer's own file, and
 * how to change it (in the setup window, when it is open: `stride --setup`).
 */
export function databaseStartupFailureText(reason: string, setupOpen = false): string {
  const change = setupOpen
    ? "To use this computer's own database instead, tick “Use this computer's own database” in the setup window " +
      'and make this computer the hub again.'
    : "To use this computer's own database instead, start Stride with --setup.";
  return (
    `${reason}\n\nStride did not open this computer's own database instead, so nothing is written in the wrong ` +
    `place. Fix the database server or the connection (the password belongs in ~/.pgpass or PGPASSWORD), then ` +
    `start Stride again. ${change}`
  );
}

/** Why the core could not open on `url`, in a sentence without the connection's secrets. */
export function databaseOpenFailureReason(e: unknown, url: string): string {
  if (e instanceof DatabaseConfigError) return e.message;
  const why = redactSecrets(e instanceof Error ? e.message : String(e), url);
  return `Stride could not open the database at ${redactConnectionString(url)} (${why}).`;
}
