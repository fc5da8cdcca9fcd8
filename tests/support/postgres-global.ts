/**
 * vitest globalSetup of the `postgres` project: one throwaway server for the run (tests/support/postgres.ts), its
 * admin URL handed to the test files with `inject('postgres')`, stopped and removed at teardown. Where it cannot run,
 * the reason is handed over instead and the PostgreSQL half of each suite skips with it.
 */
import type { TestProject } from 'vitest/node';
import { postgresUnavailableReason, startThrowawayPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string } | { skip: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const reason = postgresUnavailableReason();
  if (reason) {
    project.provide('postgres', { skip: reason });
    return () => undefined;
  }
  const server = await startThrowawayPostgres();
  // Interrupted runs: stop the server before going down (the exit handler inside covers a normal or failed exit).
  const onSignal = (signal: NodeJS.Signals): void => {
    server.stop();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  project.provide('postgres', { adminUrl: server.adminUrl });
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    server.stop();
  };
}
