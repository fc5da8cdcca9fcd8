/**
 * Starts the web shell: `tsx src-main/web/cli.ts [--port N] [--data-dir DIR] [--json]`.
 * With --json it prints one line of JSON (urls, tokens, pid) for test harnesses; otherwise the two addresses.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createStrideCore } from '../api/app';
import { defaultDataDir } from './data-dir';
import { startWebShell } from './server';
import { createLogger, stderrSink } from '../api/pino-log';

const repoRoot = resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.STRIDE_PORT ?? '0' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const rendererDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'kiosk.html'))) {
    console.error('The renderer is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // One logger for the core and this shell, on stderr (stdout carries the addresses).
  const logger = createLogger(stderrSink());
  const core = createStrideCore({ dataDir, resourcesDir: join(repoRoot, 'resources'), logger });
  const shell = await startWebShell({ core, rendererDir, port: Number(values.port), logger });

  if (values.json) {
    console.log(
      JSON.stringify({
        pid: process.pid,
        origin: shell.origin,
        kioskUrl: shell.kioskUrl,
        clinicianUrl: shell.clinicianUrl,
        tokens: shell.tokens,
        dataDir,
      }),
    );
  } else {
    console.log(`Stride web shell (data in ${dataDir})`);
    console.log(`  Kiosk:     ${shell.kioskUrl}`);
    console.log(`  Clinician: ${shell.clinicianUrl}`);
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void shell.close().then(() => {
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
