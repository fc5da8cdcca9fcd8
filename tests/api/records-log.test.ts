import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLogger } from '../../src-main/api/pino-log';
import { describeError, REDACTED } from '../../src-main/core/log';
import { ApiError } from '../../src-main/api/errors';
import { captureLog } from '../support/log';
import { makeTestCore } from '../support/core';

const clock = { now: () => new Date('2026-11-26T09:00:00Z') };

describe("the one log (pino, with the core's redaction)", () => {
  it('writes one JSON line per event: level as a word, ISO time, kind, then ids and codes', () => {
    const { lines, logger } = captureLog(clock);
    logger.security('staff.lockout', { clinicianId: 3, failed: 6, retryAt: '2026-11-26T09:00:30.000Z' });
    logger.info('backup.taken', { removed: 2 });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'security',
      time: '2026-11-26T09:00:00.000Z',
      kind: 'staff.lockout',
      clinicianId: 3,
      failed: 6,
      retryAt: '2026-11-26T09:00:30.000Z',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'info', kind: 'backup.taken', removed: 2 });
  });

  it("keeps an error's class and code, never its message or stack (which may quote what a patient typed)", () => {
    const { lines, logger } = captureLog(clock);
    const e = Object.assign(new Error('UNIQUE constraint failed: patients.name_key = zoë núñez'), {
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    logger.error('intake.submit.failed', e);
    logger.error('api', new ApiError('invalid_input', 'Invalid input: fullName "María García" too long'));
    expect(lines.join('\n')).not.toMatch(/zo|núñez|María|García|constraint failed|at .*\.ts/i);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      errorName: 'Error',
      errorCode: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ errorName: 'ApiError' });
    expect(describeError('a string thrown')).toEqual({ errorName: 'string' });
  });

  it('redacts any field value that reads like text: names, answers, sentences, markup, objects', () => {
    const { entries, logger } = captureLog(clock);
    logger.security('intake.refused', {
      fullName: 'Zoë Núñez',
      note: 'Pain when I run more than 5 km',
      html: '<img src=x onerror=alert(1)>',
      answers: JSON.stringify({ pain_now: 7 }),
      count: 2,
    });
    expect(entries()[0]).toMatchObject({
      fullName: REDACTED,
      note: REDACTED,
      html: REDACTED,
      answers: REDACTED,
      count: 2,
    });
  });

  it('redacts by field name what looks harmless by value: a PIN, a token, a first name, a date of birth', () => {
    const { lines, entries, logger } = captureLog(clock);
    const token = 'deadbeef'.repeat(6);
    logger.security('web.bad-token', {
      pin: '246813',
      newPin: '1357',
      token,
      authorization: `Bearer-${token}`,
      name: 'Maria',
      patientName: 'Maria',
      dateOfBirth: '1990-04-12',
      dob: '1990-04-12',
      status: 401,
    });
    const out = entries()[0]!;
    for (const key of ['pin', 'newPin', 'token', 'authorization', 'name', 'patientName', 'dateOfBirth', 'dob'])
      expect(out[key], key).toBe(REDACTED);
    expect(out['status']).toBe(401);
    expect(lines[0]).not.toMatch(/2468|1357|deadbeef|Maria|1990/);
  });

  it("keeps a device's network address (the hub logs it as `peer`) but not a field named like a postal address", () => {
    const { entries, logger } = captureLog(clock);
    logger.security('hub.pair-refused', { reason: 'unknown', peer: '192.168.50.21', address: '12-High-St' });
    expect(entries()[0]).toMatchObject({ peer: '192.168.50.21', address: REDACTED });
  });

  it('a field may not pose as the level, time or kind of the line', () => {
    const { entries, logger } = captureLog(clock);
    logger.info('real.kind', { kind: 'fake', level: 'fatal', time: 'never', errorName: 'Forged' });
    expect(entries()[0]).toEqual({ level: 'info', time: '2026-11-26T09:00:00.000Z', kind: 'real.kind' });
  });

  it('property: no string of two or more words, nor with non-ASCII letters, ever reaches the log', () => {
    const { lines, logger } = captureLog(clock);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (a, b, kind) => {
          const text = `${a} ${b}`;
          logger.security(kind, { value: text, [kind]: a });
          const parsed = JSON.parse(lines.pop()!) as Record<string, unknown>;
          expect(Object.values(parsed)).not.toContain(text);
          for (const v of Object.values(parsed))
            if (typeof v === 'string') expect(v).toMatch(/^[A-Za-z0-9_.:+()-]+$|^\(redacted\)$/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a failing writer never throws into the caller', () => {
    const logger = createLogger(
      {
        write: () => {
          throw new Error('disk full');
        },
      },
      clock,
    );
    expect(() => logger.error('x', new Error('y'))).not.toThrow();
    expect(() => logger.security('x')).not.toThrow();
  });

  it('the core writes to the given logger: a PIN lockout is a security line with the clinician id only', async () => {
    const log = captureLog();
    const t = await makeTestCore({ logger: log.logger });
    try {
      expect((await t.call(t.staff, 'staff.setup', { name: 'Zoë Núñez', pin: '246813' })).ok).toBe(true);
      await t.call(t.staff, 'staff.lock', {});
      for (let i = 0; i < 8; i++) await t.call(t.staff, 'staff.unlock', { clinicianId: 1, pin: '1111' });
      const lockouts = log.entries().filter((e) => e['kind'] === 'staff.lockout');
      expect(lockouts.length).toBeGreaterThan(0);
      expect(lockouts[0]).toMatchObject({ level: 'security', clinicianId: 1 });
      expect(log.lines.join('\n')).not.toMatch(/Zo|Núñez|2468|1111/);
    } finally {
      t.dispose();
    }
  });
});
