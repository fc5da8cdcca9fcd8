/**
 * `npm run hub`: starts on loopback, prints the addresses and the CA fingerprint, serves the CA, stops on SIGTERM.
 * Run as package.json runs it: the launcher and the built hub in out/main (`npm test` builds before this project).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrideCore } from '../../src-main/api/app';
import { repoRoot } from '../support/core';
import { routineIntake } from '../support/clinician';
import { cookieFrom, hubRequest } from '../support/hub-client';
import { HUB_SCRIPT, hubNodeFlags } from '../support/hub-process';

let dir: string;
let renderer: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-hub-cli-'));
  renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startCli(args: string[]): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(process.execPath, [...hubNodeFlags(), HUB_SCRIPT, '--renderer-dir', renderer, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no output: ${out}`)), 20_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      // Both forms end with a line naming the CA fingerprint or the admin address; wait for a full first screen.
      if (out.includes('\n') && (args.includes('--json') || out.includes('Loopback only'))) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, output };
}
const stop = (child: ChildProcess) => new Promise<number | null>((r) => (child.once('exit', r), child.kill('SIGTERM')));

describe('hub command', () => {
  it('--json: loopback origins, the fingerprint of the CA it serves, and a clean stop', async () => {
    const dataDir = join(dir, 'json');
    const { child, output } = startCli(['--json', '--data-dir', dataDir, '--listen', '127.0.0.1:0']);
    try {
      const info = JSON.parse((await output).split('\n')[0] ?? '') as {
        port: number;
        origins: string[];
        caFingerprint: string;
      };
      for (const o of info.origins) expect(o).toMatch(/^https:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+$/);
      const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
      expect(info.caFingerprint).toBe(new X509Certificate(ca).fingerprint256);
      expect((await hubRequest({ port: info.port, ca, path: '/ca.crt' })).body).toBe(ca);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('prints the CA fingerprint and says plainly when it is loopback only', async () => {
    const dataDir = join(dir, 'text');
    const { child, output } = startCli(['--data-dir', dataDir, '--listen', '127.0.0.1:0']);
    try {
      const text = await output;
      const fp = new X509Certificate(readFileSync(join(dataDir, 'tls', 'ca.crt'))).fingerprint256;
      expect(text).toContain(fp);
      expect(text).toContain('made the clinic certificate authority');
      expect(text).toMatch(
        /Admin, on this machine only: https:\/\/127\.0\.0\.1:\d+\/clinician\.html#token=[0-9a-f]{48}/,
      );
      expect(text).toContain('Loopback only');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('--kiosk-submit-limit sets how many intakes one kiosk device may send', async () => {
    const dataDir = join(dir, 'limit');
    // A kiosk pairing code made before the hub starts (its admin page needs the per-launch token).
    const core = createStrideCore({ dataDir, resourcesDir: join(repoRoot, 'resources'), backupSchedule: false });
    const code = await (async () => {
      try {
        const admin = { channel: 'staff' as const, key: 'setup' };
        expect((await core.dispatch(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
        const issued = await core.dispatch(admin, 'devices.pair.start', { role: 'kiosk', name: 'Tablet' });
        return issued.ok ? (issued.value as { code: string }).code : '';
      } finally {
        core.close();
      }
    })();
    const { child, output } = startCli([
      '--json',
      '--data-dir',
      dataDir,
      '--listen',
      '127.0.0.1:0',
      '--kiosk-submit-limit',
      '2/10m',
    ]);
    try {
      const { port } = JSON.parse((await output).split('\n')[0] ?? '') as { port: number };
      const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
      const post = (path: string, body: unknown, cookie = '') =>
        hubRequest({
          port,
          ca,
          method: 'POST',
          path,
          headers: {
            'Content-Type': 'application/json',
            Origin: `https://127.0.0.1:${port}`,
            ...(cookie ? { Cookie: cookie } : {}),
          },
          body: JSON.stringify(body),
        });
      const cookie = cookieFrom(await post('/api/pair', { code }));
      expect(cookie).toMatch(/^__Host-stride-device=/);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post('/api/call/intake.submit', routineIntake, cookie)).status);
      // The default (30 in 10 minutes) would have taken all three.
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  // The built hub end to end; which worker file it renders on: tests/core/handout-worker-entry.test.ts and the build
  // test (tests/electron/build-config.test.ts).
  it('renders a handout, on the built hub, for an intake a kiosk sent', async () => {
    const dataDir = join(dir, 'handout');
    const { child, output } = startCli(['--json', '--data-dir', dataDir, '--listen', '127.0.0.1:0']);
    try {
      const info = JSON.parse((await output).split('\n')[0] ?? '') as {
        port: number;
        tokens: { kiosk: string; staff: string };
      };
      const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
      const call = async (channel: 'kiosk' | 'staff', method: string, payload: unknown) => {
        const res = await hubRequest({
          port: info.port,
          ca,
          method: 'POST',
          path: `/api/call/${method}`,
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${info.tokens[channel]}`,
            'X-Stride-Tab': 'tab-admin-0001',
          },
          body: JSON.stringify(payload),
        });
        const body = res.json<{ ok: boolean; value?: unknown; error?: unknown }>();
        if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
        return body.value;
      };
      await call('kiosk', 'intake.submit', routineIntake);
      await call('staff', 'staff.setup', { name: 'Ada Admin', pin: '246813' });
      await call('staff', 'staff.unlock', { clinicianId: 1, pin: '246813' });
      const [queued] = (await call('staff', 'queue.list', {})) as { sessionId: number }[];
      const { plan } = (await call('staff', 'handout.suggest', { sessionId: queued!.sessionId })) as { plan: unknown };
      const made = (await call('staff', 'handout.generate', { sessionId: queued!.sessionId, plan })) as {
        pdfBase64: string;
      };
      expect(Buffer.from(made.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('refuses a --kiosk-submit-limit it cannot use', async () => {
    const child = spawn(
      process.execPath,
      [...hubNodeFlags(), HUB_SCRIPT, '--renderer-dir', renderer, '--kiosk-submit-limit', '30 per hour'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('--kiosk-submit-limit takes COUNT/WINDOW');
  });

  it('refuses a --listen it cannot use, saying what it wants', async () => {
    const child = spawn(
      process.execPath,
      [...hubNodeFlags(), HUB_SCRIPT, '--renderer-dir', renderer, '--listen', 'hub.local:8443'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(err).toContain('--listen needs an IP address');
  });
});

/** scripts/hub.mjs, copied into a folder laid out like the repository, with or without a build. */
describe('hub launcher', () => {
  const launcherIn = (root: string) => {
    mkdirSync(join(root, 'scripts'), { recursive: true });
    mkdirSync(join(root, 'src-main', 'hub'), { recursive: true });
    writeFileSync(join(root, 'scripts', 'hub.mjs'), readFileSync(join(repoRoot, HUB_SCRIPT)));
    return (args: string[] = []) =>
      spawnSync(process.execPath, [join(root, 'scripts', 'hub.mjs'), ...args], { encoding: 'utf8' });
  };

  it('says in one sentence that the hub must be built first', () => {
    const run = launcherIn(join(dir, 'unbuilt'));
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('The hub is not built yet: run `npm run build` first.');
  });

  it('runs the build with its arguments, and warns when a source changed after it', () => {
    const root = join(dir, 'stale');
    const run = launcherIn(root);
    mkdirSync(join(root, 'out', 'main'), { recursive: true });
    const built = join(root, 'out', 'main', 'hub.js');
    writeFileSync(built, 'console.log(JSON.stringify(process.argv.slice(2)));');
    const source = join(root, 'src-main', 'hub', 'cli.ts');
    writeFileSync(source, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(source, past, past);
    const fresh = run(['--json']);
    expect([fresh.status, fresh.stdout.trim(), fresh.stderr]).toEqual([0, '["--json"]', '']);
    utimesSync(source, new Date(), new Date());
    utimesSync(built, past, past);
    const stale = run();
    expect(stale.status).toBe(0);
    expect(stale.stderr).toContain('src-main/hub/cli.ts changed after the last build: run `npm run build`');
  });
});
