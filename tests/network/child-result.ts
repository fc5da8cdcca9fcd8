/**
 * How a station script run in a namespace (station.ts, desktop-station.ts, staff-station.ts) answers the test that
 * started it: one line of JSON on stdout, its result or `{ failed }` with the reason, and the exit code to match.
 */
export function reportAndExit(work: Promise<unknown>): void {
  work.then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stdout.write(
        `${JSON.stringify({ failed: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })}\n`,
      );
      process.exit(1);
    },
  );
}
