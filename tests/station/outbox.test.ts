/**
 * The desktop kiosk's outbox against a real hub that is stopped and started: an intake the hub cannot take is held
 * (mode 0600 file), the patient gets a held receipt with the station's code, and it is delivered exactly once, after
 * a station restart too, keeping that code; nothing stays in the file after delivery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Caller, Dispatch } from '../../src-main/api/dispatch';
import type { ApiResult } from '../../src-main/api/errors';
import type { SubmitReceipt } from '../../src-main/api/types';
import { HELD_INTAKE_MAX_AGE_MS } from '../../src-main/core/held-intake';
import { silentLogger, type Logger } from '../../src-main/core/log';
import { CHECK_IN_PATTERN } from '../../src-main/core/vocabulary';
import { createKioskStationDispatch } from '../../src-main/station/kiosk-station';
import { Outbox, OutboxCourier, type HeldSubmission } from '../../src-main/station/outbox';
import { pairWithHub } from '../../src-main/station/pairing';
import { createRemoteDispatch } from '../../src-main/station/remote-dispatch';
import { loadVignettes, submissionFor } from '../support/core';
import { startTestHub, type TestHub } from '../support/test-hub';

let th: TestHub;
let remote: Dispatch;
let dir: string;
const kiosk: Caller = { channel: 'kiosk', key: 'wc:1' };
const routine = loadVignettes().find((v) => v.expectUrgency === 'routine')!;
const emergency = loadVignettes().find((v) => v.expectUrgency === 'emergency')!;

beforeAll(async () => {
  th = await startTestHub();
  const paired = await pairWithHub({
    address: `127.0.0.1:${th.port}`,
    fingerprint: th.caFingerprint,
    code: await th.newCode('kiosk'),
  });
  if (!paired.ok) throw new Error(paired.message);
  const c = paired.credential;
  remote = createRemoteDispatch({
    link: { hub: { ...c.hub, caPem: c.caPem, caFingerprint: c.caFingerprint }, credential: c.credential },
    timeoutMs: 2_000,
  }).dispatch;
});
afterAll(async () => {
  await th?.dispose();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stride-outbox-'));
  await th.start();
  return () => rmSync(dir, { recursive: true, force: true });
});

/** A kiosk station as the Electron main process builds it: outbox file, courier, dispatcher. */
function station(file = join(dir, 'outbox.db')) {
  const outbox = Outbox.open(file);
  const courier = new OutboxCourier({
    outbox,
    send: (s) => remote(kiosk, 'intake.submit', s),
    minDelayMs: 50,
    maxDelayMs: 200,
  });
  courier.start();
  const dispatch = createKioskStationDispatch({ remote, outbox, courier });
  return {
    outbox,
    courier,
    dispatch,
    close: async () => {
      await courier.stop();
      outbox.close();
    },
  };
}

const count = async (sql: string, ...params: unknown[]) => (await th.t.sql.get<{ n: number }>(sql, ...params))?.n ?? 0;
const sessionsWithCode = (code: string) =>
  count('SELECT COUNT(*) AS n FROM intake_sessions WHERE check_in_code = ?', code);
const allSessions = () => count('SELECT COUNT(*) AS n FROM intake_sessions');

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('desktop kiosk outbox', () => {
  it('goes straight to the hub when it is there, and holds nothing', async () => {
    const s = station();
    try {
      const r = await s.dispatch(kiosk, 'intake.submit', submissionFor(routine));
      expect(r).toMatchObject({ ok: true, value: { seeFrontDesk: false } });
      expect((r as { value: SubmitReceipt }).value.held).toBeUndefined();
      expect(s.outbox.count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("while held, the patient goes to the desk only if the last form's warning rules say so", async () => {
    const s = station();
    try {
      // The kiosk loaded its form while the hub was there; the station keeps it with the outbox.
      expect(await s.dispatch(kiosk, 'intake.form', {})).toMatchObject({ ok: true });
      await th.stop();
      const calm = await s.dispatch(kiosk, 'intake.submit', submissionFor(routine, undefined, 'Calm Patient'));
      expect(calm).toMatchObject({ ok: true, value: { held: true, seeFrontDesk: false } });
      const urgent = await s.dispatch(kiosk, 'intake.submit', submissionFor(emergency, undefined, 'Urgent Patient'));
      expect(urgent).toMatchObject({ ok: true, value: { held: true, seeFrontDesk: true } });
    } finally {
      await s.close();
      await th.start();
    }
  });

  it('holds an intake while the hub is down; delivers it once after a station restart, same code', async () => {
    await th.stop();
    const file = join(dir, 'outbox.db');
    let s = station(file);
    let code: string;
    try {
      const r = await s.dispatch(kiosk, 'intake.submit', submissionFor(routine, undefined, 'Held Patient'));
      expect(r).toMatchObject({ ok: true, value: { held: true, seeFrontDesk: true } });
      code = (r as { value: SubmitReceipt }).value.checkInCode;
      expect(code).toMatch(CHECK_IN_PATTERN);
      expect(s.outbox.count()).toBe(1);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // Retries against a hub that is still down keep it.
      await new Promise((r2) => setTimeout(r2, 300));
      expect(s.outbox.count()).toBe(1);
    } finally {
      await s.close();
    }

    // The station restarts, then the hub comes back.
    s = station(file);
    try {
      expect(s.outbox.count()).toBe(1);
      await th.start();
      const before = await allSessions();
      await s.courier.resume();
      await until(() => s.outbox.count() === 0);
      expect(await allSessions()).toBe(before + 1);
      expect(await sessionsWithCode(code)).toBe(1);
      // Delivering again (as after a lost acknowledgement) makes no second session.
      await new Promise((r2) => setTimeout(r2, 300));
      expect(await allSessions()).toBe(before + 1);
    } finally {
      await s.close();
    }
    // Deleted rows are overwritten: the patient's name is not in the file any more.
    expect(readFileSync(file).includes(Buffer.from('Held Patient'))).toBe(false);
  });

  it('a delivery repeated after a lost reply is stored once by the hub', async () => {
    await th.stop();
    const s = station();
    try {
      const submission = { ...submissionFor(routine), submissionId: 'lost-reply-0000000001' };
      const held = await s.dispatch(kiosk, 'intake.submit', submission);
      const code = (held as { value: SubmitReceipt }).value.checkInCode;
      // The same intake asked again while held: the same receipt, still one row.
      expect(await s.dispatch(kiosk, 'intake.submit', submission)).toEqual(held);
      expect(s.outbox.count()).toBe(1);
      await th.start();
      // The hub got it once already (the reply was lost on the way back)...
      const row = s.outbox.find('lost-reply-0000000001')!;
      expect((await remote(kiosk, 'intake.submit', row.submission)).ok).toBe(true);
      // ...and the outbox delivers it again: acknowledged, deleted, still one session.
      await s.courier.resume();
      await until(() => s.outbox.count() === 0);
      expect(await sessionsWithCode(code)).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('lets the next patient start while the hub is away: the last form and settings, after a restart too', async () => {
    const file = join(dir, 'outbox.db');
    let s = station(file);
    const form = await s.dispatch(kiosk, 'intake.form', { locale: 'en' });
    const settings = await s.dispatch(kiosk, 'kiosk.settings', {});
    expect(form.ok && settings.ok).toBe(true);
    await s.close();
    await th.stop();
    s = station(file);
    try {
      expect(await s.dispatch(kiosk, 'intake.form', { locale: 'en' })).toEqual(form);
      expect(await s.dispatch(kiosk, 'kiosk.settings', {})).toEqual(settings);
      // Never asked while the hub was there: nothing to offer.
      expect(await s.dispatch(kiosk, 'intake.form', { locale: 'fr' })).toMatchObject({
        error: { code: 'unavailable' },
      });
    } finally {
      await s.close();
    }
  });

  it('returns a refusal other than unavailable to the window and holds nothing', async () => {
    const s = station();
    try {
      const bad = await s.dispatch(kiosk, 'intake.submit', { locale: 'en' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(s.outbox.count()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('deletes unsent, and logs without names, an intake not taken in 30 days; the rest still go', async () => {
    const file = join(dir, 'aged.db');
    const outbox = Outbox.open(file);
    const day = 24 * 60 * 60_000;
    let now = Date.parse('2026-12-02T09:00:00Z');
    const held = (id: string, name: string, at: number) =>
      outbox.hold(
        { ...submissionFor(routine, undefined, name), submissionId: id, checkInCode: '3466' } as HeldSubmission,
        at,
      );
    held('aged-0000000000000001', 'Retired Tablet', now - HELD_INTAKE_MAX_AGE_MS - 1);
    held('aged-0000000000000002', 'Thirty Days', now - HELD_INTAKE_MAX_AGE_MS);
    held('aged-0000000000000003', 'Last Week', now - 7 * day);
    const sent: string[] = [];
    let hubUp = false;
    const warnings: [string, unknown][] = [];
    const logger: Logger = { ...silentLogger, warn: (kind, fields) => void warnings.push([kind, fields]) };
    const expired: number[] = [];
    const delivered: string[] = [];
    const reports: { count: number; oldestHeldAt: string }[] = [];
    const oldest = now - HELD_INTAKE_MAX_AGE_MS - 1;
    const courier = new OutboxCourier({
      outbox,
      now: () => now,
      logger,
      onExpired: (n) => expired.push(n),
      onDelivered: (id) => delivered.push(id),
      report: async (r) => {
        reports.push(r);
        return hubUp
          ? { ok: true, value: { recorded: true } }
          : { ok: false, error: { code: 'unavailable', message: '' } };
      },
      send: async (s) => {
        sent.push(s.submissionId);
        return hubUp
          ? { ok: true, value: { checkInCode: s.checkInCode, seeFrontDesk: false } }
          : { ok: false, error: { code: 'unavailable', message: 'down' } };
      },
    });
    courier.start();
    try {
      await courier.kick();
      // Only the one past the limit went, without being sent; exactly 30 days is still in time.
      expect(outbox.count()).toBe(2);
      expect(outbox.find('aged-0000000000000001')).toBeNull();
      expect(sent).not.toContain('aged-0000000000000001');
      expect(expired).toEqual([1]);
      expect(warnings).toEqual([['station.outbox-expired', { count: 1 }]]);
      expect(readFileSync(file).includes(Buffer.from('Retired Tablet'))).toBe(false);
      // A day later the 30-day one goes too; last week's is delivered when the hub is back.
      now += day;
      hubUp = true;
      await courier.resume();
      expect(expired).toEqual([1, 1]);
      expect(outbox.count()).toBe(0);
      expect(delivered).toEqual(['aged-0000000000000003']);
      // The hub is told once it answers: both deleted intakes, and since when the oldest waited. Then nothing is left.
      expect(reports).toEqual([{ count: 2, oldestHeldAt: new Date(oldest).toISOString() }]);
      expect(outbox.expiredUnreported()).toBeNull();
    } finally {
      await courier.stop();
      outbox.close();
    }
  });

  it('keeps the count of deleted intakes until a hub records it, also past a hub too old for the method', async () => {
    const outbox = Outbox.open(join(dir, 'unreported.db'));
    const now = Date.parse('2026-12-02T09:00:00Z');
    const at = now - HELD_INTAKE_MAX_AGE_MS - 60_000;
    outbox.hold(
      { ...submissionFor(routine), submissionId: 'old-00000000000000001', checkInCode: '3466' } as HeldSubmission,
      at,
    );
    let answer: ApiResult<unknown> = {
      ok: false,
      error: { code: 'unknown_method', message: 'There is no such method.' },
    };
    const courier = new OutboxCourier({
      outbox,
      now: () => now,
      send: async () => ({ ok: false, error: { code: 'unavailable', message: '' } }),
      report: async () => answer,
    });
    courier.start();
    try {
      await courier.kick();
      expect(outbox.expiredUnreported()).toEqual({ count: 1, oldestHeldAt: at });
      answer = { ok: true, value: { recorded: true } };
      await courier.kick();
      expect(outbox.expiredUnreported()).toBeNull();
    } finally {
      await courier.stop();
      outbox.close();
    }
  });

  it('a row whose payload was damaged is never sent nor deleted', () => {
    const file = join(dir, 'damaged.db');
    const outbox = Outbox.open(file);
    try {
      const good = { ...submissionFor(routine), submissionId: 'good-000000000000001', checkInCode: '3466' };
      outbox.hold(good as HeldSubmission, 1);
      const raw = new Database(file);
      raw
        .prepare("INSERT INTO held (submission_id, payload, held_at, next_attempt_at) VALUES ('bad', '{', 0, 0)")
        .run();
      raw.close();
      expect(outbox.due(10).map((r) => r.submission.submissionId)).toEqual(['good-000000000000001']);
      expect(outbox.count()).toBe(2);
    } finally {
      outbox.close();
    }
  });
});
