import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLogger, describeError, REDACTED } from '../../src-main/log';
import { ApiError } from '../../src-main/api/errors';

const clock = { now: () => new Date('2026-11-26T09:00:00Z') };
function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger((l) => lines.push(l), clock) };
}

describe('Node-side log', () => {
  it('writes one JSON line per event with ids and codes', () => {
    const { lines, log } = capture();
    log.security('staff.lockout', { clinicianId: 3, failed: 6, retryAt: '2026-11-26T09:00:30.000Z' });
    expect(JSON.parse(lines[0]!)).toEqual({ at: '2026-11-26T09:00:00.000Z', level: 'security', kind: 'staff.lockout', clinicianId: 3, failed: 6, retryAt: '2026-11-26T09:00:30.000Z' });
  });

  it('keeps an error\'s class and code, never its message (which may quote what a patient typed)', () => {
    const { lines, log } = capture();
    const e = Object.assign(new Error('UNIQUE constraint failed: patients.name_key = zoë núñez'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    log.error('intake.submit.failed', e);
    log.error('api', new ApiError('invalid_input', 'Invalid input: fullName "María García" too long'));
    expect(lines.join('\n')).not.toMatch(/zo|núñez|María|García|constraint failed/i);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', errorName: 'Error', errorCode: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ errorName: 'ApiError' });
    expect(describeError('a string thrown')).toEqual({ errorName: 'string' });
  });

  it('redacts any field value that reads like text: names, answers, sentences, markup', () => {
    const { lines, log } = capture();
    log.security('intake.refused', {
      fullName: 'Zoë Núñez',
      note: 'Pain when I run more than 5 km',
      html: '<img src=x onerror=alert(1)>',
      answers: JSON.stringify({ pain_now: 7 }) as string,
      count: 2,
    });
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(out).toMatchObject({ fullName: REDACTED, note: REDACTED, html: REDACTED, answers: REDACTED, count: 2 });
  });

  it('property: no string of two or more words, nor with non-ASCII letters, ever reaches the log', () => {
    const { lines, log } = capture();
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b, kind) => {
        const text = `${a} ${b}`;
        log.security(kind, { value: text, [kind]: a });
        const line = lines.pop()!;
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(Object.values(parsed)).not.toContain(text);
        for (const v of Object.values(parsed)) if (typeof v === 'string') expect(v).toMatch(/^[A-Za-z0-9_.:+()-]+$|^\(redacted\)$/);
      }),
      { numRuns: 500 },
    );
  });

  it('a failing writer never throws into the caller', () => {
    const log = createLogger(() => {
      throw new Error('disk full');
    }, clock);
    expect(() => log.error('x', new Error('y'))).not.toThrow();
  });
});
