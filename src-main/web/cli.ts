/**
 * Starts the web shell: `tsx src-main/web/cli.ts [--port N] [--data-dir DIR] [--json] [--database postgres://...]`.
 * With --json it prints one line of JSON (urls, tokens, pid) for test harnesses; otherwise the two addresses.
 * Without --database (or STRIDE_DATABASE_URL) the data is the SQLite file in the data folder; with a PostgreSQL
 * connection string it is that database, opened as the hub opens it (openStrideCore; docs/postgres.md).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStrideCore } from '../api/app';
import { defaultDataDir } from './data-dir';
import { chosenDatabase, DATABASE_OPTION_PROBLEM } from './database-option';
import { redactConnectionString } from '../store/postgres/connection-string';
import { startWebShell, type WebShell } from './server';
import { startRecoveryShell } from './recovery-page';
import { RecoveryNeededError } from '../api/startup';
import { createLogger, stderrSink } from '../api/pino-log';

const repoRoot = resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.STRIDE_PORT ?? '0' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      database: { type: 'string' },
    },
  });
  const database = chosenDatabase(values.database);
  if (database === null) {
    console.error(DATABASE_OPTION_PROBLEM);
    process.exit(1);
  }
  const rendererDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'kiosk.html'))) {
    console.error('The renderer is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // One logger for the core and this shell, on stderr (stdout carries the addresses).
  const logger = createLogger(stderrSink());
  const start = async () => {
    // On PostgreSQL a database Stride cannot use stops the shell here with one sentence (DatabaseConfigError).
    const core = await openStrideCore({ dataDir, resourcesDir: join(repoRoot, 'resources'), logger, database });
    return { core, shell: await startWebShell({ core, rendererDir, port: Number(values.port), logger }) };
  };
  let running: Awaited<ReturnType<typeof start>>;
  try {
    running = await start();
  } catch (e) {
    if (!(e instanceof RecoveryNeededError)) throw e;
    // The database is lost or damaged: serve the recovery screen instead, and Stride once it has restored a backup.
    const recovery = await startRecoveryShell({
      problem: e,
      dataDir,
      onRecovered: async () => {
        running = await start();
        announce(running.shell);
        installStop();
        return running.shell.clinicianUrl;
      },
    });
    logger.security('startup.recovery-needed', { reason: e.reason });
    if (values.json)
      console.log(JSON.stringify({ pid: process.pid, recoveryUrl: recovery.url, reason: e.reason, dataDir }));
    else {
      console.log(e.message);
      console.log(`  Recovery: ${recovery.url}`);
    }
    return;
  }
  announce(running.shell);
  installStop();

  function announce(shell: WebShell): void {
    if (values.json) {
      console.log(
        JSON.stringify({
          pid: process.pid,
          origin: shell.origin,
          kioskUrl: shell.kioskUrl,
          clinicianUrl: shell.clinicianUrl,
          tokens: shell.tokens,
          dataDir,
          database: database ? redactConnectionString(database) : 'sqlite',
        }),
      );
    } else {
      console.log(`Stride web shell (data in ${database ? redactConnectionString(database) : dataDir})`);
      console.log(`  Kiosk:     ${shell.kioskUrl}`);
      console.log(`  Clinician: ${shell.clinicianUrl}`);
    }
  }

  function installStop(): void {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // On PostgreSQL the core's close ends its connections: wait for it before going.
      void running.shell
        .close()
        .then(() => running.core.close())
        .finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
