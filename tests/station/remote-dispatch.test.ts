/**
 * A desktop station against a real hub on loopback TLS: pairing checks the typed CA fingerprint before the code is
 * sent; the remote dispatch keeps the channel rule and validates locally, carries the credential, maps a revoked
 * device to "no longer paired"; staff events arrive over the pinned stream; an impostor hub on the same port with
 * another CA is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/api/dispatch';
import type { StaffEvent } from '../../src-main/api/contract';
import type { ConnectionState } from '../../src-main/core/event-stream';
import { certificateFailure, pairWithHub, parseHubAddress } from '../../src-main/station/pairing';
import { PinMismatchError } from '../../src-main/station/pinning';
import {
  createRemoteDispatch,
  IMPOSTOR_MESSAGE,
  UNPAIRED_MESSAGE,
  type StationLink,
} from '../../src-main/station/remote-dispatch';
import { startHubEvents } from '../../src-main/station/hub-events';
import type { StationCredential } from '../../src-main/station/credential-file';
import { loadVignettes, submissionFor } from '../support/core';
import { startTestHub, type TestHub } from '../support/test-hub';

let th: TestHub;
const kioskWindow: Caller = { channel: 'kiosk', key: 'wc:1' };
const staffWindow: Caller = { channel: 'staff', key: 'wc:2' };
const vignettes = loadVignettes();
const urgent = vignettes.find((v) => v.expectUrgency === 'emergency')!;
const routine = vignettes.find((v) => v.expectUrgency === 'routine')!;

beforeAll(async () => {
  th = await startTestHub();
});
afterAll(async () => {
  await th?.dispose();
});

const address = () => `127.0.0.1:${th.port}`;
async function paired(role: 'kiosk' | 'staff'): Promise<StationCredential> {
  const outcome = await pairWithHub({
    address: address(),
    fingerprint: th.caFingerprint,
    code: await th.newCode(role),
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.credential;
}
const linkOf = (c: StationCredential): StationLink => ({
  hub: { ...c.hub, caPem: c.caPem, caFingerprint: c.caFingerprint },
  credential: c.credential,
});
const sessionCount = async () =>
  (await th.t.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM intake_sessions'))?.n ?? 0;

/** Waits (polling) until `check` holds, or fails after `ms`. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('pairing a desktop station', () => {
  it('reads addresses as admins type them', () => {
    expect(parseHubAddress('192.168.1.20')).toEqual({ host: '192.168.1.20', port: 8443 });
    expect(parseHubAddress(' https://hub.clinic.lan:9443/ ')).toEqual({ host: 'hub.clinic.lan', port: 9443 });
    expect(parseHubAddress('[fd00::5]:8443')).toEqual({ host: 'fd00::5', port: 8443 });
    for (const bad of ['', 'http://hub.lan', 'hub.lan/path', 'user@hub.lan', 'hub lan', 'https://hub.lan/?x=1'])
      expect(parseHubAddress(bad), bad).toBeNull();
  });

  it('pairs with the fingerprint typed in any case and spacing, and keeps role, pin and credential', async () => {
    const code = await th.newCode('kiosk', 'Waiting room PC');
    const typed = th.caFingerprint.replace(/:/g, ' ').toLowerCase();
    const outcome = await pairWithHub({ address: address(), fingerprint: typed, code });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.credential).toMatchObject({
      hub: { host: '127.0.0.1', port: th.port },
      role: 'kiosk',
      deviceName: 'Waiting room PC',
      caFingerprint: th.caFingerprint,
    });
    expect(outcome.credential.credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outcome.credential.caPem.trim()).toBe(th.caPem.trim());
  });

  it('refuses a fingerprint that is not the hub’s before sending the code (which still works afterwards)', async () => {
    const code = await th.newCode('staff');
    const wrong = th.caFingerprint.replace(/^../, th.caFingerprint.startsWith('00') ? '11' : '00');
    const refused = await pairWithHub({ address: address(), fingerprint: wrong, code });
    expect(refused).toMatchObject({ ok: false, reason: 'fingerprint-mismatch' });
    // Had the code been sent, it would now be used.
    expect((await pairWithHub({ address: address(), fingerprint: th.caFingerprint, code })).ok).toBe(true);
  });

  it('explains a refused certificate on the pinned connection', () => {
    const named = Object.assign(new Error('Hostname/IP does not match'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(certificateFailure(named)).toMatchObject({ ok: false, reason: 'bad-address' });
    expect(certificateFailure(new PinMismatchError(['AA']))).toMatchObject({ reason: 'fingerprint-mismatch' });
    expect(certificateFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeNull();
  });

  it('passes on the hub’s reason for a wrong or used code, and says when the hub is not there', async () => {
    const wrong = await pairWithHub({ address: address(), fingerprint: th.caFingerprint, code: 'AAAA-AAAA' });
    expect(wrong).toMatchObject({ ok: false, reason: 'refused' });
    expect(wrong.ok ? '' : wrong.message).toMatch(/not right/i);
    const nobody = await pairWithHub({ address: '127.0.0.1:9', fingerprint: th.caFingerprint, code: 'AAAA-AAAA' });
    expect(nobody).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(await pairWithHub({ address: address(), fingerprint: 'AB:CD', code: 'x' })).toMatchObject({
      reason: 'bad-fingerprint',
    });
  });
});

describe('remote dispatch', () => {
  it('a kiosk station loads the form and submits; staff methods are refused before leaving the machine', async () => {
    const remote = createRemoteDispatch({ link: linkOf(await paired('kiosk')) });
    const form = await remote.dispatch(kioskWindow, 'intake.form', {});
    expect(form.ok).toBe(true);
    const before = await sessionCount();
    const receipt = await remote.dispatch(kioskWindow, 'intake.submit', submissionFor(routine));
    expect(receipt).toMatchObject({ ok: true, value: { seeFrontDesk: false } });
    expect(await sessionCount()).toBe(before + 1);
    // The kiosk window may not call staff methods: refused here, by the channel rule.
    expect(await remote.dispatch(kioskWindow, 'queue.list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A staff window on a kiosk-role credential: the hub refuses it by the device's role.
    expect(await remote.dispatch(staffWindow, 'staff.status', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('validates the payload locally with the contract’s schema', async () => {
    const remote = createRemoteDispatch({ link: linkOf(await paired('kiosk')) });
    const before = await sessionCount();
    const bad = await remote.dispatch(kioskWindow, 'intake.submit', { locale: 'en', patient: { fullName: '' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(bad.ok ? [] : bad.error.fields?.map((f) => f.path)).toContain('patient.fullName');
    expect(await remote.dispatch(kioskWindow, 'no.such', {})).toMatchObject({ error: { code: 'unknown_method' } });
    expect(await sessionCount()).toBe(before);
  });

  it('a staff station still needs a PIN, per window; a reloaded window starts locked', async () => {
    const remote = createRemoteDispatch({ link: linkOf(await paired('staff')) });
    expect(await remote.dispatch(staffWindow, 'queue.list', {})).toMatchObject({ error: { code: 'locked' } });
    expect(await remote.dispatch(staffWindow, 'staff.unlock', { clinicianId: 1, pin: '246813' })).toMatchObject({
      ok: true,
    });
    expect((await remote.dispatch(staffWindow, 'queue.list', {})).ok).toBe(true);
    const other: Caller = { channel: 'staff', key: 'wc:9' };
    expect(await remote.dispatch(other, 'queue.list', {})).toMatchObject({ error: { code: 'locked' } });
    remote.forgetCaller(staffWindow.key);
    expect(await remote.dispatch(staffWindow, 'queue.list', {})).toMatchObject({ error: { code: 'locked' } });
  });

  it('a revoked station is told it is no longer paired', async () => {
    const credential = await paired('kiosk');
    let unpaired = 0;
    const remote = createRemoteDispatch({ link: linkOf(credential), onUnpaired: () => (unpaired += 1) });
    expect((await remote.dispatch(kioskWindow, 'intake.form', {})).ok).toBe(true);
    expect((await th.adminCall('devices.revoke', { deviceId: credential.deviceId })).ok).toBe(true);
    expect(await remote.dispatch(kioskWindow, 'intake.form', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: UNPAIRED_MESSAGE },
    });
    expect(unpaired).toBe(1);
  });
});

describe('staff events over the pinned stream', () => {
  it('delivers an urgent alert, shows the hub lost when it stops, and resyncs when it is back', async () => {
    const staff = createRemoteDispatch({ link: linkOf(await paired('staff')) });
    const kiosk = createRemoteDispatch({ link: linkOf(await paired('kiosk')) });
    const events: StaffEvent[] = [];
    const states: ConnectionState[] = [];
    const stop = startHubEvents({
      hub: linkOf(await paired('staff')).hub,
      headers: () => staff.headersFor(staffWindow),
      event: (e) => events.push(e),
      state: (s) => states.push(s),
    });
    try {
      await until(() => states.at(-1) === 'open');
      const receipt = await kiosk.dispatch(kioskWindow, 'intake.submit', submissionFor(urgent));
      expect(receipt).toMatchObject({ ok: true, value: { seeFrontDesk: true } });
      const code = receipt.ok ? (receipt.value as { checkInCode: string }).checkInCode : '';
      await until(() => events.some((e) => e.type === 'alert.urgent'));
      expect(events.find((e) => e.type === 'alert.urgent')).toMatchObject({ urgency: 'emergency', checkInCode: code });

      await th.stop();
      await until(() => states.at(-1) === 'lost', 6_000);
      const seen = events.length;
      await th.start();
      await until(() => states.at(-1) === 'open', 10_000);
      // A new hub process cannot tell what was missed: the window is told to reload (queue.changed).
      expect(events.slice(seen)).toContainEqual({ type: 'queue.changed' });
    } finally {
      stop();
    }
  });
});

describe('an impostor hub on the same address', () => {
  it('is refused by a paired station, and pairing with it fails on the fingerprint', async () => {
    const credential = await paired('kiosk');
    const remote = createRemoteDispatch({ link: linkOf(credential) });
    expect((await remote.dispatch(kioskWindow, 'intake.form', {})).ok).toBe(true);
    await th.stop();
    const impostor = await startTestHub({ port: th.port });
    try {
      expect(impostor.caFingerprint).not.toBe(credential.caFingerprint);
      expect(await remote.dispatch(kioskWindow, 'intake.form', {})).toEqual({
        ok: false,
        error: { code: 'unavailable', message: IMPOSTOR_MESSAGE },
      });
      const code = await impostor.newCode('kiosk');
      expect(await pairWithHub({ address: address(), fingerprint: credential.caFingerprint, code })).toMatchObject({
        ok: false,
        reason: 'fingerprint-mismatch',
      });
    } finally {
      await impostor.dispose();
      await th.start();
    }
    expect((await remote.dispatch(kioskWindow, 'intake.form', {})).ok).toBe(true);
  });
});
