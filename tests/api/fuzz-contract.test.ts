/**
 * Contract fuzzing: every method in the contract (iterating `methodNames`, so new methods are covered automatically),
 * over both transports (the dispatcher as the IPC binding calls it, and HTTP against the web shell), with random and
 * hostile payloads. Each call must end in a typed error or a valid result, never `internal`, never a crash, and a
 * rejected call must leave every table's row count unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'node:http';
import { contract, methodNames, type MethodName } from '../../src-main/api/contract';
import type { Caller } from '../../src-main/api/dispatch';
import type { ApiResult } from '../../src-main/api/errors';
import { MAX_BODY_BYTES, startWebShell, type WebShell } from '../../src-main/web/server';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { z } from 'zod';
import { silentLogger } from '../../src-main/core/log';
import { join } from 'node:path';
import { testEngine, testEngineUnavailable } from '../support/test-engine';

const engine = testEngine();
// The same runs on both engines: with a row count of every table after each call, the whole file takes about a
// minute on PostgreSQL (2 December 2026, two shared cores), under each method's own 60 s limit.
const DIRECT_RUNS = 800;
const HTTP_RUNS = 200;
const CODES = [
  'invalid_input',
  'unknown_method',
  'forbidden',
  'locked',
  'lockout',
  'not_found',
  'conflict',
  'unavailable',
];

let t: TestCore;
let shell: WebShell;
const internalErrors: unknown[] = [];
const admin: Caller = { channel: 'staff', key: 'web:staff:fuzzadmin01' };
const ADMIN_TAB = 'fuzzadmin01';
/** staff-open methods (lock, unlock, setup) run on their own window, so they never lock the fuzzing admin out. */
const openStaff: Caller = { channel: 'staff', key: 'web:staff:fuzzopen0001' };
const OPEN_TAB = 'fuzzopen0001';

beforeAll(async () => {
  if (testEngineUnavailable()) return; // every test skips with the reason (tests/support/engine-setup.ts)
  // Record internal errors: a fuzz payload that reaches one is a bug, even though the caller got a typed reply.
  t = await makeTestCore({
    logger: { ...silentLogger, error: (_kind: string, e: unknown) => void internalErrors.push(e) },
  });
  expect((await t.call(admin, 'staff.setup', { name: 'Fuzz Admin', pin: '246813' })).ok).toBe(true);
  const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
  expect((await t.call(t.kiosk, 'intake.submit', submissionFor(v))).ok).toBe(true);
  shell = await startWebShell({ core: t.core, rendererDir: join(t.dataDir, 'no-renderer'), port: 0 });
}, 30_000);

afterAll(async () => {
  await shell?.close();
  await t?.dispose();
});

// ---------- hostile values ----------
const HOSTILE_STRINGS = [
  "'; DROP TABLE patients; --",
  '1 OR 1=1',
  '" OR ""="',
  "Robert'); DELETE FROM intake_sessions;--",
  '<img src=x onerror=window.__pwned=1>',
  '<script>window.__pwned=1</script>',
  '{{constructor.constructor("return process")()}}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  '\ud800',
  '\udfff',
  'a\ud83dz',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'مرحبا بالعالم',
  'ｚｅｎｋａｋｕ',
  'e\u0301\u0301\u0301\u0301',
  '𝕳𝖎𝖕 🏃‍♀️',
  '2023-02-30',
  '0000-00-00',
  '9999-99-99',
  '2026-11-26T25:61:61Z',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'x'.repeat(10_000),
];

// Huge strings are rarer (and the body-limit case is sent as a raw body below) so the run stays quick.
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 50_000 }).map((n) => 'A'.repeat(n)) },
);

const hostileNumber = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    -1,
    1,
    2 ** 53,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e308,
    0.1,
    11,
    999_999_999,
  ),
  fc.double(),
  fc.integer(),
);

const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant(undefined));

function deep(depth: number, wrapInArray: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = wrapInArray ? [v] : { a: v };
  return v;
}

/** Objects whose own keys are __proto__/constructor/prototype, as JSON.parse makes them. */
const pollution = fc.constantFrom(
  JSON.parse('{"__proto__": {"admin": true, "role": "admin"}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown,
  JSON.parse('{"prototype": {"polluted": true}, "__proto__": null}') as unknown,
  JSON.parse('{"sessionId": 1, "__proto__": {"sessionId": 2}}') as unknown,
);

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    pollution,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), {
      maxKeys: 5,
    }),
    fc.integer({ min: 50, max: 1000 }).chain((d) => fc.boolean().map((arr) => deep(d, arr))),
  ),
})).value;

/** Payloads shaped like the method's input (the right keys) with hostile values: gets past the strict-object check. */
function shapedPayload(method: MethodName): fc.Arbitrary<unknown> {
  const schema = contract[method].input as z.ZodType;
  if (!(schema instanceof z.ZodObject)) return anyValue;
  const keys = Object.keys((schema as z.ZodObject<z.ZodRawShape>).shape);
  // The one valid payload ({}) is sent now and then; mostly extra keys, which a strict schema must refuse.
  if (keys.length === 0) {
    return fc.oneof(
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 15, arbitrary: fc.dictionary(hostileString, anyValue, { minKeys: 1, maxKeys: 3 }) },
      { weight: 2, arbitrary: pollution },
    );
  }
  return fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] });
}
const payloadFor = (method: MethodName) => fc.oneof(anyValue, shapedPayload(method), shapedPayload(method));

// ---------- checks ----------
let tables: string[] | null = null;
/** Row counts of every table in one statement; the table list is read again for each method. */
async function rowCounts(): Promise<Record<string, number>> {
  tables ??= await t.sql.tables();
  const row = await t.sql.get<Record<string, number>>(
    `SELECT ${tables.map((n) => `(SELECT count(*) FROM "${n}") AS "${n}"`).join(', ')}`,
  );
  return row ?? {};
}

function expectTyped(r: ApiResult<unknown>, context: string): void {
  expect(typeof r, context).toBe('object');
  if (r.ok) return;
  expect(CODES, `${context}: ${JSON.stringify(r.error).slice(0, 300)}`).toContain(r.error.code);
  expect(typeof r.error.message).toBe('string');
}

function callerFor(method: MethodName): Caller {
  const access = contract[method].access;
  return access === 'kiosk' ? t.kiosk : access === 'staff-open' ? openStaff : admin;
}

/** staff.lock and friends may lock the fuzzing admin: unlock again so later calls still reach the handlers. */
async function keepUnlocked(): Promise<void> {
  const s = await t.call(admin, 'staff.status', {});
  if (s.ok && (s.value as { unlocked: unknown }).unlocked) return;
  const r = await t.call(admin, 'staff.unlock', { clinicianId: 1, pin: '246813' });
  if (!r.ok) t.clock.advance(2 * 60 * 60_000);
}

type HttpOutcome = { status: number; json: ApiResult<unknown> } | { status: 'reset' };
/**
 * One request on its own connection. A body over the limit may be answered 413 and the connection closed while the
 * client is still sending: the client then sees a reset, which is also a refusal.
 */
function httpCall(method: string, caller: Caller, body: string | Buffer): Promise<HttpOutcome> {
  const channel = caller.channel;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        method: 'POST',
        agent: false,
        path: `/api/call/${method}`,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${shell.tokens[channel]}`,
          'X-Stride-Tab': caller === openStaff ? OPEN_TAB : ADMIN_TAB,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiResult<unknown>,
            });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if ((e.code === 'ECONNRESET' || e.code === 'EPIPE') && Buffer.byteLength(body) > MAX_BODY_BYTES)
        resolve({ status: 'reset' });
      else reject(e);
    });
    req.end(body);
  });
}

function expectHttp(outcome: HttpOutcome, context: string): ApiResult<unknown> | null {
  if (outcome.status === 'reset') return null;
  expect([200, 400, 413], `${context} status`).toContain(outcome.status);
  expectTyped(outcome.json, context);
  return outcome.json;
}

/** Bodies JSON.stringify cannot produce: NaN, Infinity, huge exponents, duplicate keys, bad UTF-8, a BOM. */
const RAW_BODIES: (string | Buffer)[] = [
  '{"sessionId": NaN}',
  '{"patientId": Infinity}',
  '{"date": -Infinity}',
  '{"sessionId": 1e400}',
  '{"sessionId": -1e-400}',
  '{"sessionId": 1, "sessionId": "2"}',
  '{"__proto__": {"role": "admin"}, "sessionId": 1}',
  '[1,2,3]',
  'null',
  '"string"',
  '12',
  'true',
  '{',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
  '{"name": "\\ud800"}',
  '{"query": "\\u0000"}',
  JSON.stringify({ name: 'A'.repeat(MAX_BODY_BYTES + 1) }),
];

describe('contract fuzzing', () => {
  it('covers every method in the contract', () => {
    expect(methodNames.length).toBeGreaterThan(5);
  });

  it.each(methodNames)(
    '%s: direct dispatch and HTTP, hostile payloads, typed replies, no partial writes',
    async (method) => {
      const caller = callerFor(method);
      let calls = 0;
      tables = null;
      let before = await rowCounts();
      await fc.assert(
        fc.asyncProperty(payloadFor(method), async (payload) => {
          calls++;
          const r = await t.call(caller, method, payload);
          expectTyped(r, `${method} direct`);
          const after = await rowCounts();
          if (!r.ok) expect(after, `${method} rejected call wrote rows`).toEqual(before);
          before = after;
          if (r.ok && method.startsWith('staff.')) {
            await keepUnlocked();
            before = await rowCounts();
          }
        }),
        { numRuns: DIRECT_RUNS, seed: 20261126 + methodNames.indexOf(method), endOnFailure: true },
      );

      await fc.assert(
        fc.asyncProperty(payloadFor(method), async (payload) => {
          calls++;
          let body: string;
          try {
            body = JSON.stringify(payload) ?? 'null';
          } catch {
            return; // deeper than JSON.stringify can go: no transport could send it either
          }
          const json = expectHttp(await httpCall(method, caller, body), `${method} http`);
          const after = await rowCounts();
          if (!json?.ok) expect(after, `${method} rejected http call wrote rows`).toEqual(before);
          before = after;
          if (json?.ok && method.startsWith('staff.')) {
            await keepUnlocked();
            before = await rowCounts();
          }
        }),
        { numRuns: HTTP_RUNS, seed: 1126 + methodNames.indexOf(method), endOnFailure: true },
      );

      for (const body of RAW_BODIES) {
        calls++;
        const json = expectHttp(await httpCall(method, caller, body), `${method} raw body`);
        const after = await rowCounts();
        if (!json?.ok) expect(after).toEqual(before);
        before = after;
      }
      await keepUnlocked();
      expect(calls).toBeGreaterThanOrEqual(1000);
      expect(internalErrors.map(String), `${method} reached an internal error`).toEqual([]);
    },
    60_000,
  );

  it('nothing was polluted', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('role');
  });

  // PostgreSQL checks its pages and enforces foreign keys itself; these are the SQLite file's checks.
  it.skipIf(engine === 'postgres')('the SQLite file is sound (integrity and foreign keys)', () => {
    expect(t.core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(t.core.db.pragma('foreign_key_check')).toEqual([]);
  });
});
