/**
 * The browser kiosk's count of intakes deleted unsent, under Node with its storage and sender injected: added up,
 * kept until a hub records it (also through a hub too old for the method), and what was deleted while a report was
 * on its way is kept for the next one.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../src-main/api/errors';
import { ExpiredReports, type ExpiredReport } from '../../src-renderer/lib/expired-report';

function setup(answer: () => ApiResult<unknown>) {
  let stored: string | null = null;
  const sent: ExpiredReport[] = [];
  let during: (() => void) | null = null;
  const reports = new ExpiredReports(
    { get: () => stored, set: (v) => (stored = v), remove: () => (stored = null) },
    async (r) => {
      sent.push(r);
      during?.();
      return answer();
    },
  );
  return {
    reports,
    sent,
    stored: () => stored,
    setStored: (v: string) => (stored = v),
    whileSending: (f: () => void) => (during = f),
  };
}

const recorded: ApiResult<unknown> = { ok: true, value: { recorded: true } };

describe('the kiosk count of intakes deleted unsent', () => {
  it('adds up, keeps the oldest time, and is gone once the hub records it', async () => {
    const s = setup(() => recorded);
    s.reports.add(2, '2026-11-03T08:00:00.000Z');
    s.reports.add(1, '2026-11-01T17:40:00.000Z');
    expect(s.reports.pending()).toEqual({ count: 3, oldestHeldAt: '2026-11-01T17:40:00.000Z' });
    await s.reports.tell();
    expect(s.sent).toEqual([{ count: 3, oldestHeldAt: '2026-11-01T17:40:00.000Z' }]);
    expect(s.stored()).toBeNull();
    await s.reports.tell();
    expect(s.sent).toHaveLength(1);
  });

  it.each(['unavailable', 'unknown_method', 'forbidden'] as const)('is kept when the hub answers %s', async (code) => {
    const s = setup(() => ({ ok: false, error: { code, message: 'no' } }));
    s.reports.add(1, '2026-11-01T17:40:00.000Z');
    await s.reports.tell();
    expect(s.reports.pending()).toEqual({ count: 1, oldestHeldAt: '2026-11-01T17:40:00.000Z' });
  });

  it('is settled by a refusal no retry changes', async () => {
    const s = setup(() => ({ ok: false, error: { code: 'invalid_input', message: 'no' } }));
    s.reports.add(1, '2026-11-01T17:40:00.000Z');
    await s.reports.tell();
    expect(s.reports.pending()).toBeNull();
  });

  it('keeps what was deleted while a report was on its way', async () => {
    const s = setup(() => recorded);
    s.reports.add(2, '2026-11-01T17:40:00.000Z');
    s.whileSending(() => s.reports.add(1, '2026-11-02T10:00:00.000Z'));
    await s.reports.tell();
    // The one left says when it was held, not when the ones already told were.
    expect(s.reports.pending()).toEqual({ count: 1, oldestHeldAt: '2026-11-02T10:00:00.000Z' });
  });

  it('keeps the earlier, cautious time when another page added to the same storage meanwhile', async () => {
    const s = setup(() => recorded);
    s.reports.add(2, '2026-11-01T17:40:00.000Z');
    s.whileSending(() => s.setStored(JSON.stringify({ count: 3, oldestHeldAt: '2026-11-01T17:40:00.000Z' })));
    await s.reports.tell();
    expect(s.reports.pending()).toEqual({ count: 1, oldestHeldAt: '2026-11-01T17:40:00.000Z' });
  });

  it('treats storage that no longer parses as nothing to tell', async () => {
    const s = setup(() => recorded);
    s.setStored('{"count": "lots"');
    expect(s.reports.pending()).toBeNull();
    await s.reports.tell();
    expect(s.sent).toEqual([]);
  });
});
