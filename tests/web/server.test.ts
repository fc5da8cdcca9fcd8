/**
 * The web shell's front door: tokens, origin and Host checks, body limits, content type, static path traversal,
 * loopback only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrideCore, type StrideCore } from '../../src-main/api/app';
import { MAX_BODY_BYTES, startWebShell, type WebShell } from '../../src-main/web/server';
import { repoRoot } from '../support/core';

let dir: string;
let core: StrideCore;
let shell: WebShell;
const SECRET = 'top-secret-outside-renderer';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.json'), JSON.stringify({ SECRET }));
  writeFileSync(join(dir, 'renderer-evil.json'), JSON.stringify({ SECRET }));
  core = createStrideCore({
    dataDir: join(dir, 'data'),
    resourcesDir: join(repoRoot, 'resources'),
    backupSchedule: false,
  });
  shell = await startWebShell({ core, rendererDir: renderer, port: 0 });
});
afterAll(async () => {
  await shell.close();
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Raw {
  status: number;
  body: string;
}
/** node:http directly: lets the test set Host and send any bytes, which fetch would refuse to do. */
function raw(options: {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  host?: string;
}): Promise<Raw> {
  const port = shell.port;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, ...options.headers };
    // An empty Host means "send none at all" (node would otherwise fill in its own).
    const setHost = headers['Host'] !== '';
    if (!setHost) delete headers['Host'];
    const req = request(
      {
        host: options.host ?? '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        setHost,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
const call = (method: string, headers: Record<string, string>, body: string | Buffer = '{}') =>
  raw({
    method: 'POST',
    path: `/api/call/${method}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
const kioskAuth = () => ({ Authorization: `Bearer ${shell.tokens.kiosk}` });

describe('web shell requests', () => {
  it('accepts the kiosk token from its own origin', async () => {
    const r = await call('intake.form', { ...kioskAuth(), Origin: shell.origin });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('401 without a token, with a wrong one, or with a token in the wrong scheme', async () => {
    for (const auth of [
      undefined,
      'Bearer nope',
      `Basic ${shell.tokens.kiosk}`,
      `Bearer ${shell.tokens.kiosk}x`,
      'Bearer ',
    ]) {
      const r = await call('intake.form', auth ? { Authorization: auth } : {});
      expect(r.status, String(auth)).toBe(401);
    }
    expect((await raw({ path: '/api/events', headers: kioskAuth() })).status).toBe(401);
  });

  it('403 from another origin, even with the right token', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${shell.port + 1}`,
      `https://127.0.0.1:${shell.port}`,
    ]) {
      const r = await call('intake.form', { ...kioskAuth(), Origin: origin });
      expect(r.status, origin).toBe(403);
    }
  });

  it('403 for a foreign Host header (DNS rebinding), for calls and for pages', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${shell.port}`,
      `127.0.0.1:${shell.port + 1}`,
      `localhost.evil.example:${shell.port}`,
      '',
    ]) {
      const r = await raw({
        method: 'POST',
        path: '/api/call/intake.form',
        headers: { ...kioskAuth(), Host: host, 'Content-Type': 'application/json' },
        body: '{}',
      });
      // No Host at all is already refused by node's HTTP parser (400); any other Host by Stride (403).
      const expected = host === '' ? [400] : [403];
      expect(expected, host).toContain(r.status);
      expect(expected, host).toContain((await raw({ path: '/kiosk.html', headers: { Host: host } })).status);
      expect(r.body).not.toContain('"ok":true');
    }
  });

  it('413 for a body over the limit', async () => {
    const big = JSON.stringify({ locale: 'en', pad: 'x'.repeat(MAX_BODY_BYTES + 10) });
    const r = await call('intake.form', kioskAuth(), big);
    expect(r.status).toBe(413);
  });

  it('415 for anything that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const r = await raw({
        method: 'POST',
        path: '/api/call/intake.form',
        headers: { ...kioskAuth(), 'Content-Type': type },
        body: '{}',
      });
      expect(r.status, type).toBe(415);
    }
  });

  it('400 for malformed JSON, and unknown methods are typed errors', async () => {
    expect((await call('intake.form', kioskAuth(), '{"locale":')).status).toBe(400);
    const r = await call('no.such', kioskAuth());
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('static files: path traversal never leaves the renderer folder', async () => {
    expect((await raw({ path: '/kiosk.html' })).status).toBe(200);
    expect((await raw({ path: '/assets/app.js' })).status).toBe(200);
    const attempts = [
      '/../secret.json',
      '/%2e%2e/secret.json',
      '/%2e%2e%2fsecret.json',
      '/assets/..%2f..%2fsecret.json',
      '/..%5csecret.json',
      '/assets%2f..%2f..%2fsecret.json',
      '/%252e%252e/secret.json',
      '/kiosk.html%00.json',
      '/../renderer-evil.json',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
      '/assets/../../secret.json',
    ];
    for (const path of attempts) {
      const r = await raw({ path });
      expect(r.body, path).not.toContain(SECRET);
      expect(r.body, path).not.toContain('root:');
      expect([400, 403, 404], path).toContain(r.status);
    }
    // URL normalisation turns these into the root page itself, which is harmless.
    for (const path of ['/..', '/../', '/assets/../..']) expect((await raw({ path })).body).not.toContain(SECRET);
  });
});

describe('loopback only', () => {
  it('listens on 127.0.0.1 and nowhere else', async () => {
    expect(shell.origin).toBe(`http://127.0.0.1:${shell.port}`);
    // Another address of this machine: other loopback addresses (Linux answers all of 127/8) and any real interface.
    const others = ['127.0.0.2'];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (a.family === 'IPv4' && a.address !== '127.0.0.1') others.push(a.address);
    }
    for (const host of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host, port: shell.port });
        socket.setTimeout(2000, () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, host).not.toBe('connected');
    }
  });

  it('the listening socket is bound to 127.0.0.1 (kernel socket table, Linux)', () => {
    if (!existsSync('/proc/net/tcp')) return;
    const portHex = shell.port.toString(16).toUpperCase().padStart(4, '0');
    // State 0A = LISTEN. Local address 0100007F is 127.0.0.1 in little-endian hex.
    const listening = (file: string) =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .slice(1)
            .map((l) => l.trim().split(/\s+/))
            .filter((f) => f[1]?.endsWith(`:${portHex}`) && f[3] === '0A')
            .map((f) => f[1]!.split(':')[0])
        : [];
    expect(listening('/proc/net/tcp')).toEqual(['0100007F']);
    expect(listening('/proc/net/tcp6')).toEqual([]);
  });
});
