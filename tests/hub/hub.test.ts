/**
 * The hub over loopback TLS: pairing gives an HttpOnly cookie; a kiosk device can only call kiosk methods, a staff
 * device still needs a PIN; revocation refuses the next call and closes the event stream; expired, used and wrong
 * codes are refused, wrong ones rate-limited; Host/Origin checks use the hub's names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAIRING_CODE_TTL_MS } from '../../src-main/api/device-secrets';
import { startHub, type Hub } from '../../src-main/hub/server';
import { loadOrCreateHubCertificates } from '../../src-main/hub/certificates';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { cookieFrom, hubRequest, type HubResponse } from '../support/hub-client';

let dir: string;
let t: TestCore;
let hub: Hub;
let ca: string;
const TAB = 'tab-admin-0001';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-hub-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(renderer, 'clinician.html'), '<!doctype html><title>clinician</title>');
  t = await makeTestCore({ dataDir: join(dir, 'data') });
  hub = await startHub({
    core: t.core,
    rendererDir: renderer,
    dataDir: t.dataDir,
    listen: { host: '127.0.0.1', port: 0 },
    names: ['hub.test'],
    clock: t.clock,
    kioskSubmitLimits: { perAddress: 3, global: Number.MAX_SAFE_INTEGER, windowMs: 10 * 60_000 },
  });
  ca = hub.certificates.caCertPem;
  // The first administrator, from the hub machine with the per-launch staff token.
  expect((await adminCall('staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
});
afterAll(async () => {
  await hub?.close();
  t?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => `https://127.0.0.1:${hub.port}`;
const json = { 'Content-Type': 'application/json' };

async function call(method: string, payload: unknown, headers: Record<string, string>): Promise<HubResponse> {
  return hubRequest({
    port: hub.port,
    ca,
    method: 'POST',
    path: `/api/call/${method}`,
    headers: { ...json, Origin: origin(), ...headers },
    body: JSON.stringify(payload),
  });
}
type Result = { ok: boolean; value?: unknown; error?: { code: string } };
const adminHeaders = () => ({ Authorization: `Bearer ${hub.shell.tokens.staff}`, 'X-Stride-Tab': TAB });
/** As the admin on the hub machine; unlocks first, since the test clock moves past the auto-lock. */
async function adminCall(method: string, payload: unknown): Promise<Result> {
  if (method !== 'staff.setup') await call('staff.unlock', { clinicianId: 1, pin: '246813' }, adminHeaders());
  return (await call(method, payload, adminHeaders())).json<Result>();
}

async function newCode(
  role: 'kiosk' | 'staff',
  name = role === 'kiosk' ? 'Waiting room tablet' : 'Front desk PC',
): Promise<string> {
  const r = await adminCall('devices.pair.start', { role, name });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r.value as { code: string }).code;
}
const pair = (code: unknown, headers: Record<string, string> = {}) =>
  hubRequest({
    port: hub.port,
    ca,
    method: 'POST',
    path: '/api/pair',
    headers: { ...json, Origin: origin(), ...headers },
    body: JSON.stringify({ code }),
  });

async function pairedCookie(role: 'kiosk' | 'staff'): Promise<string> {
  const r = await pair(await newCode(role));
  expect(r.status, r.body).toBe(200);
  return cookieFrom(r);
}
const result = (r: HubResponse) => r.json<{ ok: boolean; error?: { code: string } }>();

describe('hub pairing and device roles', () => {
  it('pairing sets a Secure, HttpOnly, SameSite=Strict host-only cookie and reveals nothing in the body', async () => {
    const r = await pair(await newCode('kiosk'));
    expect(r.status).toBe(200);
    const set = r.headers['set-cookie']?.[0] ?? '';
    expect(set).toMatch(/^__Host-stride-device=[A-Za-z0-9_-]{43}; /);
    for (const attr of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']) expect(set).toContain(attr);
    expect(set).not.toMatch(/Domain=/i);
    expect(r.json()).toMatchObject({
      ok: true,
      value: { role: 'kiosk', name: 'Waiting room tablet', next: '/kiosk.html' },
    });
    expect(r.body).not.toContain(cookieFrom(r).split('=')[1]);
  });

  it('a kiosk device may call kiosk methods and nothing else', async () => {
    const cookie = await pairedCookie('kiosk');
    expect(result(await call('intake.form', {}, { Cookie: cookie }))).toMatchObject({ ok: true });
    for (const m of ['staff.status', 'staff.unlock', 'queue.list', 'devices.list', 'devices.pair.start']) {
      expect(result(await call(m, {}, { Cookie: cookie })).error?.code, m).toBe('forbidden');
    }
    const events = await hubRequest({ port: hub.port, ca, path: '/api/events', headers: { Cookie: cookie } });
    expect(events.status).toBe(401);
  });

  it('a staff device still needs a clinician PIN', async () => {
    const cookie = await pairedCookie('staff');
    const headers = { Cookie: cookie, 'X-Stride-Tab': 'tab-frontdesk-1' };
    expect(result(await call('queue.list', {}, headers)).error?.code).toBe('locked');
    expect(result(await call('intake.form', {}, headers)).error?.code).toBe('forbidden');
    expect(result(await call('staff.unlock', { clinicianId: 1, pin: '246813' }, headers))).toMatchObject({ ok: true });
    expect(result(await call('queue.list', {}, headers))).toMatchObject({ ok: true });
  });

  it("a staff device's wrong PINs are counted against the device as well as the clinician", async () => {
    const cookie = await pairedCookie('staff');
    const headers = { Cookie: cookie, 'X-Stride-Tab': 'tab-room3-0001' };
    expect(result(await call('staff.unlock', { clinicianId: 1, pin: '0000' }, headers)).error?.code).toBe('forbidden');
    const rows = (await t.sql.all(
      'SELECT failed_pin_attempts AS n FROM devices WHERE revoked_at IS NULL ORDER BY id DESC LIMIT 1',
    )) as { n: number }[];
    expect(rows[0]?.n).toBe(1);
    // The right PIN clears both counts.
    expect(result(await call('staff.unlock', { clinicianId: 1, pin: '246813' }, headers))).toMatchObject({ ok: true });
    expect(((await t.sql.get('SELECT max(failed_pin_attempts) AS n FROM devices')) as { n: number }).n).toBe(0);
  });

  it('a cookie naming no device is refused, even alongside a valid token', async () => {
    const forged = `__Host-stride-device=${'A'.repeat(43)}`;
    expect((await call('intake.form', {}, { Cookie: forged })).status).toBe(401);
    expect(
      (await call('intake.form', {}, { Cookie: forged, Authorization: `Bearer ${hub.shell.tokens.kiosk}` })).status,
    ).toBe(401);
  });

  it('revoking a device refuses its next call at once and closes its open event stream; both are audited', async () => {
    const cookie = await pairedCookie('staff');
    const list = (await adminCall('devices.list', {})).value as { id: number; name: string }[];
    const deviceId = list[0]!.id;
    const ended = new Promise<{ status: number; data: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: hub.port,
          path: '/api/events',
          ca,
          agent: false,
          headers: { Cookie: cookie, Host: `127.0.0.1:${hub.port}` },
        },
        (res) => {
          let data = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            data += c;
            if (data.includes(': connected')) void adminCall('devices.revoke', { deviceId });
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, data }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    const stream = await Promise.race([
      ended,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stream stayed open')), 5000)),
    ]);
    expect(stream.status).toBe(200);
    expect((await call('queue.list', {}, { Cookie: cookie })).status).toBe(401);
    expect((await call('staff.status', {}, { Cookie: cookie })).status).toBe(401);
    const audit = (await t.sql.all(
      "SELECT action FROM audit_log WHERE target_type = 'device' AND target_id = ? ORDER BY id",
      deviceId,
    )) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['device.pair', 'device.revoke', 'device.refused']);
  });

  it('an expired code and a used code are refused with a message that says so', async () => {
    const code = await newCode('kiosk');
    expect((await pair(code)).status).toBe(200);
    const used = await pair(code);
    expect(used.status).toBe(403);
    expect(used.json()).toMatchObject({
      ok: false,
      error: { reason: 'used', message: expect.stringContaining('already been used') },
    });
    const late = await newCode('kiosk');
    t.clock.advance(PAIRING_CODE_TTL_MS + 1);
    const expired = await pair(late);
    expect(expired.json()).toMatchObject({
      ok: false,
      error: { reason: 'expired', message: expect.stringContaining('expired') },
    });
    expect(expired.headers['set-cookie']).toBeUndefined();
  });

  it("pairing needs JSON from the hub's own pages", async () => {
    const code = await newCode('kiosk');
    expect((await pair(code, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await pair(code, { Host: 'evil.example' })).status).toBe(403);
    expect((await pair(code, { 'Content-Type': 'text/plain' })).status).toBe(415);
    // The code survived the refused attempts.
    expect((await pair(code)).status).toBe(200);
  });

  it("Host and Origin: the hub's configured names are accepted, others refused (DNS rebinding)", async () => {
    const cookie = await pairedCookie('kiosk');
    const named = await hubRequest({
      port: hub.port,
      ca,
      servername: 'hub.test',
      method: 'POST',
      path: '/api/call/intake.form',
      headers: { ...json, Host: `hub.test:${hub.port}`, Origin: `https://hub.test:${hub.port}`, Cookie: cookie },
      body: '{}',
    });
    expect(named.status).toBe(200);
    const foreign: Record<string, string>[] = [
      { Host: `evil.example:${hub.port}` },
      { Origin: `http://127.0.0.1:${hub.port}` },
      { Origin: `https://hub.test:${hub.port + 1}` },
    ];
    for (const headers of foreign) {
      expect((await call('intake.form', {}, { Cookie: cookie, ...headers })).status, JSON.stringify(headers)).toBe(403);
    }
    const page = await hubRequest({ port: hub.port, ca, path: '/kiosk.html', headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['strict-transport-security']).toContain('max-age=');
    // Loading a page renews the cookie (browsers cap cookie lifetimes).
    expect(page.headers['set-cookie']?.[0]).toContain(cookie);
  });

  it('the front door sends a paired device to its own screen; the pairing page is served under the CSP', async () => {
    const kiosk = await pairedCookie('kiosk');
    const staff = await pairedCookie('staff');
    const front = (cookie: string) => hubRequest({ port: hub.port, ca, path: '/', headers: { Cookie: cookie } });
    expect((await front(kiosk)).headers.location).toBe('/kiosk.html');
    expect((await front(staff)).headers.location).toBe('/clinician.html');
    for (const path of ['/pair.html', '/pair.js', '/pair.css']) {
      const r = await hubRequest({ port: hub.port, ca, path });
      expect(r.status, path).toBe(200);
      expect(r.headers['content-security-policy'], path).toContain("default-src 'none'");
    }
  });

  it("the pairing page speaks the kiosk's languages: ?lang=, else the browser's, else the clinic's first", async () => {
    const page = async (path: string, acceptLanguage?: string) =>
      (
        await hubRequest({
          port: hub.port,
          ca,
          path,
          headers: acceptLanguage ? { 'Accept-Language': acceptLanguage } : {},
        })
      ).body;
    const french = await page('/pair.html', 'fr-CA,fr;q=0.9,en;q=0.5');
    expect(french).toContain('<html lang="fr-FR">');
    expect(french).toContain('Associer cet appareil à Stride');
    expect(french).toContain('data-expired="Ce code a expiré');
    const spanish = await page('/pair.html?lang=es', 'fr');
    expect(spanish).toContain('Vincular este dispositivo con Stride');
    // A language the clinic does not have falls back to its first; every offered language is one tap away.
    const fallback = await page('/pair.html?lang=xx', 'de-DE');
    expect(fallback).toContain('Pair this device with Stride');
    for (const code of ['es', 'fr']) expect(fallback).toContain(`href="/pair.html?lang=${code}"`);
    expect(fallback).toMatch(/<span aria-current="true" lang="en[^"]*">English<\/span>/);
  });

  it('the Devices screen learns the addresses and CA fingerprint devices use; an admin method only', async () => {
    const r = await adminCall('devices.network', {});
    expect(r).toMatchObject({
      ok: true,
      value: {
        sharing: true,
        caFingerprint: hub.certificates.caFingerprint,
        caUrl: `${hub.origin}/ca.crt`,
        pairUrl: `${hub.origin}/pair.html`,
      },
    });
    const kiosk = await pairedCookie('kiosk');
    expect(result(await call('devices.network', {}, { Cookie: kiosk })).error?.code).toBe('forbidden');
  });

  it('offers the CA certificate for download, and a client trusting another CA refuses the hub', async () => {
    const r = await hubRequest({ port: hub.port, ca, path: '/ca.crt' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(r.body).toBe(ca);
    const otherDir = mkdtempSync(join(tmpdir(), 'stride-other-ca-'));
    try {
      const other = await loadOrCreateHubCertificates({ dataDir: otherDir, names: [] });
      await expect(hubRequest({ port: hub.port, ca: other.caCertPem, path: '/ca.crt' })).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('plain http on the hub port is sent to the https origin of the name asked, and nothing is served', async () => {
    const plain = (host: string, path = '/kiosk.html') =>
      new Promise<{ status: number; location: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: hub.port, path, headers: { Host: host } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const asked = await plain(`hub.test:${hub.port}`);
    expect(asked).toEqual({ status: 301, location: `https://hub.test:${hub.port}/`, body: '' });
    // A name the hub does not answer to is sent to the hub's own first origin, never to the name given.
    expect((await plain('evil.example')).location).toBe(`${hub.origin}/`);
    // TLS on the same port is unaffected.
    expect((await hubRequest({ port: hub.port, ca, path: '/ca.crt' })).status).toBe(200);
  });

  it('wrong codes are rate-limited per address: the sixth try fails even with a right code; audited once', async () => {
    for (let i = 0; i < 5; i++) expect((await pair('ZZZZ-ZZZZ')).json()).toMatchObject({ error: { reason: 'wrong' } });
    const good = await newCode('kiosk');
    const limited = await pair(good);
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ error: { reason: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await pair(good)).status).toBe(429);
    const rows = (await t.sql.get("SELECT count(*) AS n FROM audit_log WHERE action = 'device.pair.limited'")) as {
      n: number;
    };
    expect(rows.n).toBe(1);
    // After the window the right code works (it has not expired: ten minutes have not passed on the code's clock).
    t.clock.advance(10 * 60_000 + 1);
    const fresh = await newCode('kiosk');
    expect((await pair(fresh)).status).toBe(200);
  });
  it('a kiosk outbox says how long an intake waited: filed under when answered; a bad value set aside', async () => {
    const tablet = await pairedCookie('kiosk');
    const routine = loadVignettes().find((v) => v.expectUrgency === 'routine')!;
    const submit = (name: string, heldFor: string) =>
      call('intake.submit', submissionFor(routine, '2026-11-26', name), {
        Cookie: tablet,
        'X-Stride-Held-For': heldFor,
      });
    const filed = (name: string) =>
      t.sql.get(
        `SELECT s.submitted_at, s.received_at FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
          WHERE p.full_name = ?`,
        name,
      );
    const arrived = t.clock.now();
    // Two intakes, under the kiosk's limit of three a window (the next test counts from it); the header's other bad
    // values are in tests/web/held-for-header.test.ts.
    expect((await submit('Held Two Hours', String(2 * 3_600_000))).status).toBe(200);
    expect(await filed('Held Two Hours')).toEqual({
      submitted_at: new Date(arrived.getTime() - 2 * 3_600_000).toISOString(),
      received_at: arrived.toISOString(),
    });
    // Not a wait: the intake is still taken (an outbox would delete one refused as invalid), filed as arriving now.
    expect((await submit('Held Oddly', 'soon')).status).toBe(200);
    expect(await filed('Held Oddly')).toEqual({ submitted_at: arrived.toISOString(), received_at: null });
  });
  it('a kiosk device over its intake limit gets 429 until the window passes; other kiosks go on', async () => {
    const tablet = await pairedCookie('kiosk');
    const other = await pairedCookie('kiosk');
    const routine = loadVignettes().find((v) => v.expectUrgency === 'routine')!;
    const submit = (cookie: string, i: number) =>
      call('intake.submit', submissionFor(routine, '2026-11-26', `Patient ${i}`), { Cookie: cookie });
    for (let i = 0; i < 3; i++) expect((await submit(tablet, i)).status).toBe(200);
    const refused = await submit(tablet, 3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(result(refused)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await submit(other, 4)).status).toBe(200);
    const sessions = async () => ((await t.sql.get('SELECT count(*) AS n FROM intake_sessions')) as { n: number }).n;
    const before = await sessions();
    expect((await submit(tablet, 5)).status).toBe(429);
    expect(await sessions()).toBe(before);
    const audits = await t.sql.get("SELECT count(*) AS n FROM audit_log WHERE action = 'device.submit-limited'");
    expect(audits).toEqual({ n: 1 });
    t.clock.advance(10 * 60_000 + 1);
    expect((await submit(tablet, 6)).status).toBe(200);
  });
});
