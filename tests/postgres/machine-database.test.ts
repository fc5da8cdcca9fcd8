/**
 * The desktop hub's database setting against the run's throwaway PostgreSQL (#18): an administrator tests a
 * connection (a good database, one without the extensions, a closed port), saves it in machine.json, and the next
 * start (the plan electron/main.ts carries out, then openStrideCore) opens that database, where Settings reads it
 * back as in use. Skips, with the reason in its name, where PostgreSQL's server binaries are absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openStrideCore } from '../../src-main/api/app';
import type { Caller } from '../../src-main/api/dispatch';
import type { DesktopCapabilities } from '../../src-main/api/handlers/deps';
import {
  MACHINE_FILE,
  machineDatabaseFile,
  planStartup,
  readMachineSetting,
  writeMachineSetting,
} from '../../src-main/station/machine-mode';
import { makeTestCore, repoRoot } from '../support/core';
import { createTestDatabase } from '../support/postgres';

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;
const staff: Caller = { channel: 'staff', key: 'staff-1' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function database(options: { template0?: boolean } = {}): Promise<string> {
  if ('skip' in provided) throw new Error(provided.skip);
  const db = await createTestDatabase(provided.adminUrl, options);
  cleanups.push(() => db.drop());
  return db.url;
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

/** userData with machine.json saying "hub", and the desktop capabilities electron/main.ts gives the core. */
function desktopHub(): { userData: string; desktop: DesktopCapabilities } {
  const userData = mkdtempSync(join(tmpdir(), 'stride-desk-pg-'));
  cleanups.push(() => rmSync(userData, { recursive: true, force: true }));
  const file = join(userData, MACHINE_FILE);
  writeMachineSetting(file, { mode: 'hub', network: false, port: 8443 });
  return {
    userData,
    desktop: {
      openFile: () => Promise.resolve(''),
      machine: {
        status: () => ({ mode: 'hub', hub: null, station: null, canChange: true }),
        openSetup: () => undefined,
        database: machineDatabaseFile(file),
      },
    },
  };
}

describe.skipIf(skip !== null)(
  skip ? `the desktop hub's database setting (skipped: ${skip})` : "the desktop hub's database setting",
  () => {
    it('the admin tests a connection, saves it, and the next start opens that database', async () => {
      const { userData, desktop } = desktopHub();
      const t = await makeTestCore({ dataDir: join(userData, 'sqlite'), desktop });
      cleanups.push(() => t.dispose());
      expect((await t.call(staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
      const url = await database();

      expect(await t.call(staff, 'admin.machine.database.test', { url })).toEqual({
        ok: true,
        value: {
          ok: true,
          message: expect.stringMatching(
            /^Stride can use the database at postgres:\/\/stride@127\.0\.0\.1:\d+\/stride_test_\w+ \(PostgreSQL 1\d[^)]*\): it is empty, and Stride sets it up when it next starts on it\.$/,
          ) as unknown,
        },
      });
      const bare = await database({ template0: true });
      expect(await t.call(staff, 'admin.machine.database.test', { url: bare })).toMatchObject({
        ok: true,
        value: { ok: false, message: expect.stringMatching(/lacks the extensions unaccent and pg_trgm/) as unknown },
      });
      const away = url.replace(/:\d+\//, `:${await closedPort()}/`);
      expect(await t.call(staff, 'admin.machine.database.test', { url: away })).toMatchObject({
        ok: true,
        value: { ok: false, message: expect.stringMatching(/^Stride cannot reach the database at/) as unknown },
      });

      expect(await t.call(staff, 'admin.machine.database.set', { engine: 'postgres', url })).toMatchObject({
        ok: true,
        value: { saved: { engine: 'postgres', url }, inUse: 'sqlite' },
      });
      t.dispose();

      // The next start, as electron/main.ts does it: the plan from machine.json, then the core on its database.
      const plan = planStartup(readMachineSetting(join(userData, MACHINE_FILE)), () => {
        throw new Error('a hub reads no station credential');
      });
      expect(plan).toMatchObject({ kind: 'local', database: url });
      const core = await openStrideCore({
        dataDir: join(userData, 'sqlite'),
        resourcesDir: join(repoRoot, 'resources'),
        backupSchedule: false,
        desktop,
        database: plan.kind === 'local' ? (plan.database ?? undefined) : undefined,
      });
      cleanups.push(() => core.close());
      expect(core.engine).toBe('postgres');
      expect((await core.dispatch(staff, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
      expect(await core.dispatch(staff, 'admin.machine.database', {})).toEqual({
        ok: true,
        value: { saved: { engine: 'postgres', url }, inUse: 'postgres', canChange: true },
      });
    });
  },
);
