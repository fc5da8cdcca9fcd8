/**
 * The web shell under abuse: a client that never finishes its headers is cut off, connections are capped, a refused
 * request loses its socket, and tokens are compared in constant time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrideCore, type StrideCore } from '../../src-main/api/app';
import { sameToken, startWebShell, type WebShell } from '../../src-main/web/server';
import { repoRoot } from '../support/core';

let dir: string;
let core: StrideCore;
let shell: WebShell;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-web-limits-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  core = createStrideCore({
    dataDir: join(dir, 'data'),
    resourcesDir: join(repoRoot, 'resources'),
    backupSchedule: false,
  });
  shell = await startWebShell({
    core,
    rendererDir: renderer,
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 3 },
  });
});
afterAll(async () => {
  await shell.close();
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(shell.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}
/** Everything the server sent until it closed the connection. */
const untilClosed = (s: Socket): Promise<string> =>
  new Promise((resolve) => {
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString()));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got));
  });

describe('web shell limits', () => {
  it('a client that never finishes its headers is cut off', async () => {
    const s = await open();
    const closed = untilClosed(s);
    s.write(`GET /kiosk.html HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\n`);
    // No final blank line: the server must not wait for ever.
    expect(await closed).toMatch(/^(HTTP\/1\.1 408|)/);
  });

  it('connections beyond the cap are dropped at once', async () => {
    const held = await Promise.all([open(), open(), open()]);
    const extra = await open();
    const got = await untilClosed(extra);
    expect(got).toBe('');
    for (const s of held) s.destroy();
  });

  it('a refused request gets its answer and then loses the connection (no keep-alive retry)', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const s = await open();
    const closed = untilClosed(s);
    s.write(
      `POST /api/call/intake.form HTTP/1.1\r\nHost: 127.0.0.1:${shell.port}\r\nConnection: keep-alive\r\n` +
        'Authorization: Bearer wrong\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    const got = await closed;
    expect(got).toMatch(/^HTTP\/1\.1 401/);
    expect(got.toLowerCase()).toContain('connection: close');
  });

  it('compares tokens whole, whatever their length', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
  });
});

describe('launch addresses (what a browser command line carries)', () => {
  it('carry no token, forward once to the page with its token, and are then spent', async () => {
    const url = shell.launchUrl('staff');
    expect(url).not.toContain(shell.tokens.staff);
    expect(url).not.toContain(shell.tokens.kiosk);
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/clinician.html#token=${shell.tokens.staff}`);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(410);
    const kiosk = await fetch(shell.launchUrl('kiosk'), { redirect: 'manual' });
    expect(kiosk.headers.get('location')).toBe(`/kiosk.html#token=${shell.tokens.kiosk}`);
  });
});
