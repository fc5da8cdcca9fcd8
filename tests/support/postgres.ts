/**
 * A throwaway PostgreSQL for the tests that need one: Debian's server binaries, a cluster initialised into a temporary
 * folder owned by the unprivileged `postgres` user (initdb refuses root), trust authentication, listening on a free
 * port on 127.0.0.1 only, its socket inside the same folder. Stopped and removed at the end, also when the run fails or
 * is interrupted (process exit and signal handlers), so no test depends on a server someone started by hand.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PG_ROOT = '/usr/lib/postgresql';
/** The role the tests connect as (trust authentication, superuser of the throwaway cluster only). */
export const PG_TEST_USER = 'stride';

/** The newest installed server's bin folder, or null when Debian's postgresql package is not installed. */
export function postgresBinDir(): string | null {
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_ROOT, versions[0], 'bin') : null;
}

/** Why the PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailableReason(): string | null {
  if (!postgresBinDir())
    return `PostgreSQL server binaries are not installed (${PG_ROOT}/15/bin; apt-get install postgresql)`;
  if (process.getuid?.() !== 0)
    return 'starting a throwaway PostgreSQL needs root (to run initdb as the postgres user)';
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    return 'the unprivileged "postgres" user (made by the postgresql package) does not exist';
  }
  return null;
}

export interface ThrowawayPostgres {
  host: string;
  port: number;
  /** The cluster's own database; tests make their own with createTestDatabase. */
  adminUrl: string;
  /**
   * The same database through the Unix socket in the server's folder: reachable from this process even when the
   * server listens inside a network namespace this process is not in.
   */
  socketAdminUrl: string;
  /** Idempotent and synchronous, so it also works from an exit handler. */
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Where a server runs that the network tests' hosts use (tests/network/two-hubs.test.ts). */
export interface PostgresInNamespace {
  /** The network namespace the server runs in (started with `ip netns exec`). */
  netns: string;
  /** Its address there; the server listens on it alone, on PostgreSQL's own port 5432 (the namespace is new). */
  address: string;
  /** The clients allowed over TCP (trust authentication), as CIDR: the test network's subnet. */
  allowFrom: string;
}

function asPostgres(bin: string, args: readonly string[], netns?: string): string {
  const command = ['runuser', '-u', 'postgres', '--', bin, ...args];
  const [file, ...rest] = netns ? ['ip', 'netns', 'exec', netns, ...command] : command;
  return execFileSync(file as string, rest, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

/**
 * Starts a cluster. `unaccent` and `pg_trgm` are created in template1, so every database a test makes has them; a
 * database made from template0 lacks them (the configuration check's test).
 */
export async function startThrowawayPostgres(
  options: { durable?: boolean; namespace?: PostgresInNamespace } = {},
): Promise<ThrowawayPostgres> {
  const reason = postgresUnavailableReason();
  if (reason) throw new Error(`Cannot start PostgreSQL: ${reason}`);
  const bin = postgresBinDir() as string;
  const root = mkdtempSync(join(tmpdir(), 'stride-pg-'));
  const dataDir = join(root, 'data');
  const netns = options.namespace?.netns;
  const listenOn = options.namespace?.address ?? '127.0.0.1';
  let started = false;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      if (started) asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Already down (or never fully up): the folder goes anyway.
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', stop);
  try {
    chownSync(root, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), 0);
    // The C locale: the hardest case for name search (no letter beyond ASCII is [:alnum:] there), and the same on
    // every machine whatever its LANG. The search tests also pass under C.UTF-8.
    asPostgres(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-A',
      'trust',
      '-U',
      PG_TEST_USER,
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    // initdb's pg_hba.conf admits loopback only; a server in a namespace also serves the test network's hosts.
    if (options.namespace)
      appendFileSync(join(dataDir, 'pg_hba.conf'), `host all all ${options.namespace.allowFrom} trust\n`);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      // A fresh namespace has every port free; on this machine's loopback one is chosen.
      const port = options.namespace ? 5432 : await freePort();
      try {
        // fsync off for tests: a throwaway cluster needs no durability. bench/postgres.ts asks for a durable one, since
        // it measures the durable submit.
        asPostgres(
          join(bin, 'pg_ctl'),
          [
            '-D',
            dataDir,
            '-l',
            join(root, 'server.log'),
            '-o',
            `-p ${port} -k ${root} -c listen_addresses=${listenOn} -c max_connections=100 ` +
              `-c fsync=${options.durable ? 'on' : 'off'}`,
            '-w',
            'start',
          ],
          netns,
        );
        started = true;
        const server: ThrowawayPostgres = {
          host: listenOn,
          port,
          adminUrl: `postgres://${PG_TEST_USER}@${listenOn}:${port}/postgres`,
          socketAdminUrl: `postgres://${PG_TEST_USER}@${encodeURIComponent(root)}:${port}/postgres`,
          stop,
        };
        const client = new pg.Client({
          connectionString: server.socketAdminUrl.replace(/\/postgres$/, '/template1'),
        });
        await client.connect();
        try {
          await client.query('CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;');
        } finally {
          await client.end();
        }
        return server;
      } catch (e) {
        lastError = e; // most likely the port was taken between choosing and binding it: try another
      }
    }
    throw lastError;
  } catch (e) {
    stop();
    throw e;
  }
}

/** Makes an empty database on the server (with the extensions, unless from template0) and returns its URL. */
export async function createTestDatabase(
  adminUrl: string,
  options: { template0?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `stride_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${options.template0 ? ' TEMPLATE template0' : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
