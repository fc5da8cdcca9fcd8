/**
 * Starts Stride as a clinic hub (Node only, no Electron):
 *   npm run hub -- --data-dir DIR [--listen HOST:PORT] [--name hub.clinic.lan ...] [--json]
 *                  [--kiosk-submit-limit 30/10m] [--database postgres://user@host/db]
 * Loopback (127.0.0.1:8443) unless --listen says otherwise: sharing on the network is the admin's explicit choice.
 * Without --database (or STRIDE_DATABASE_URL) the clinic's data is the SQLite file in the data folder; with a
 * PostgreSQL connection string it is that database, shared by the group's hubs (docs/postgres.md). The environment
 * variable keeps the string out of the process list; better still, the password goes in PGPASSWORD or ~/.pgpass.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStrideCore } from '../api/app';
import { redactConnectionString } from '../store/postgres/connection-string';
import { createLogger, stderrSink } from '../api/pino-log';
import { defaultDataDir } from '../web/data-dir';
import { chosenDatabase, DATABASE_OPTION_PROBLEM } from '../web/database-option';
import { hubNames, isLoopbackHost, isWildcard, parseListen } from './listen';
import { DEFAULT_KIOSK_SUBMIT_LIMITS, startHub } from './server';
import { parseKioskSubmitLimit } from './submit-limit';

// From source (src-main/hub) and built (out/main/hub.js, what `npm run hub` runs) alike, two levels down.
const repoRoot = resolve(import.meta.dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      listen: { type: 'string' },
      name: { type: 'string', multiple: true, default: [] },
      'renderer-dir': { type: 'string' },
      'kiosk-submit-limit': { type: 'string' },
      database: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const rendererDir = values['renderer-dir'] ?? join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'kiosk.html'))) {
    console.error('The renderer is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  const listen = parseListen(values.listen);
  const kioskSubmitLimits = parseKioskSubmitLimit(values['kiosk-submit-limit'], DEFAULT_KIOSK_SUBMIT_LIMITS);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // One logger for the core and this shell, on stderr (stdout carries the addresses).
  const logger = createLogger(stderrSink());
  const database = chosenDatabase(values.database);
  if (database === null) {
    console.error(DATABASE_OPTION_PROBLEM);
    process.exit(1);
  }
  // A database Stride cannot use stops the hub here with one sentence (unreachable, extensions, newer schema).
  const core = await openStrideCore({ dataDir, resourcesDir: join(repoRoot, 'resources'), logger, database });
  const hub = await startHub({
    core,
    rendererDir,
    dataDir,
    listen,
    names: hubNames(listen, values.name),
    logger,
    kioskSubmitLimits,
  });
  // Before anything is printed: whoever reads the addresses may stop the hub at once.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void hub
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const localReachable = isWildcard(listen.host) || isLoopbackHost(listen.host);

  if (values.json) {
    console.log(
      JSON.stringify({
        pid: process.pid,
        origin: hub.origin,
        origins: hub.origins,
        port: hub.port,
        caFingerprint: hub.certificates.caFingerprint,
        serverFingerprint: hub.certificates.serverFingerprint,
        localClinicianUrl: hub.localClinicianUrl,
        localKioskUrl: hub.localKioskUrl,
        tokens: hub.shell.tokens,
        dataDir,
        database: database ? redactConnectionString(database) : 'sqlite',
      }),
    );
  } else {
    const where = core.engine === 'postgres' && database ? redactConnectionString(database) : dataDir;
    console.log(
      `Stride hub (data in ${where})${hub.certificates.createdCa ? ': made the clinic certificate authority' : ''}`,
    );
    console.log(`  Devices open:        ${hub.origin}/`);
    for (const o of hub.origins.slice(1)) console.log(`                       ${o}/`);
    console.log(`  CA certificate:      ${hub.origin}/ca.crt`);
    console.log(`  CA fingerprint (SHA-256), compare it on each device that installs the certificate:`);
    console.log(`    ${hub.certificates.caFingerprint}`);
    if (localReachable) console.log(`  Admin, on this machine only: ${hub.localClinicianUrl}`);
    else
      console.log(
        '  The admin page needs loopback: listen on 0.0.0.0 (or 127.0.0.1) to pair the first device from this machine.',
      );
    if (isLoopbackHost(listen.host))
      console.log(
        '  Loopback only: other devices cannot reach this hub. Share it on the network with --listen 0.0.0.0:8443.',
      );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
