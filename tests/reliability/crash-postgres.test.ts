/**
 * Crash safety with the clinic's data in PostgreSQL (#18): the SIGKILL loop of crash.test.ts (kill-loop.ts), the web
 * shell opened on a database of the run's throwaway server (`--database`, openStrideCore as the hub opens it). Like a
 * station's outbox, every intake the kill cut off is sent again, byte for byte with its submission id, to the next
 * shell, and what is still unanswered at the end to a last shell that is not killed: so the kills hit submissions that
 * committed without their answer reaching the kiosk, and their resends must not store them twice.
 *
 * After every kill: nothing half-written and the audit chain verifies. At the end every intake made is stored exactly
 * once (by patient name, by submission id), in full: its answers, its triage through the reason catalogue, its pain
 * score, its audit row, the check-in code the kiosk was given. Skips, with the reason in its name, where PostgreSQL's
 * server binaries are absent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { newCheckInCode } from '../../src-main/api/check-in-code';
import { PostgresClinicStore } from '../../src-main/store/postgres/clinic-store';
import { loadVignettes, submissionFor } from '../support/core';
import { createTestDatabase } from '../support/postgres';
import {
  bundleWebShell,
  HALF_WRITTEN_SQL,
  resendUnacknowledged,
  runKillLoop,
  startWebShell,
  stopWebShell,
  summary,
  type Intake,
} from './kill-loop';

const MIN_KILLS = 30;
const TIME_BUDGET_MS = 75_000;
const IN_FLIGHT = 3;

const provided = inject('postgres');
const skip = 'skip' in provided ? provided.skip : null;

let dataDir: string | undefined;
let database: { url: string; drop(): Promise<void> } | undefined;
/** The test's own view of the database, opened once the first shell has made the schema. */
let store: PostgresClinicStore | undefined;

beforeAll(async () => {
  if ('skip' in provided) return;
  bundleWebShell();
  dataDir = mkdtempSync(join(tmpdir(), 'stride-crash-pg-'));
  database = await createTestDatabase(provided.adminUrl);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openStore(url: string): Promise<PostgresClinicStore> {
  store ??= await PostgresClinicStore.open(url, { chooseCheckInCode: newCheckInCode, poolSize: 2 });
  return store;
}

async function count(s: PostgresClinicStore, sql: string, params: unknown[] = []): Promise<number> {
  const r = await s.pool.query<{ n: string }>(sql, params);
  return Number(r.rows[0]!.n);
}

/** Nothing half-written (kill-loop.ts); here every intake carries a submission id and a pain score, so those too. */
async function halfWritten(s: PostgresClinicStore): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const [name, sql] of Object.entries(HALF_WRITTEN_SQL)) found[name] = await count(s, sql);
  found['sessionsWithoutSubmission'] = await count(
    s,
    'SELECT count(*) AS n FROM intake_sessions s WHERE NOT EXISTS (SELECT 1 FROM submissions u WHERE u.session_id = ' +
      's.id)',
  );
  found['sessionsWithoutPainScore'] = await count(
    s,
    'SELECT count(*) AS n FROM intake_sessions s WHERE NOT EXISTS (SELECT 1 FROM measure_responses m WHERE ' +
      "m.session_id = s.id AND m.measure = 'nprs')",
  );
  return found;
}
const NOTHING_HALF_WRITTEN = {
  sessionsWithoutAudit: 0,
  auditWithoutSession: 0,
  orphanPatients: 0,
  sessionsWithoutPatient: 0,
  sessionsWithoutSubmission: 0,
  sessionsWithoutPainScore: 0,
};

describe.skipIf(skip !== null)(`crash safety under SIGKILL on PostgreSQL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it(`every intake is stored exactly once and in full through ${MIN_KILLS}+ kills and resends`, async () => {
    const url = database!.url;
    const vignettes = loadVignettes();
    const start = () => startWebShell(['--data-dir', dataDir!, '--database', url]);
    // Intakes a kill cut off after their transaction committed: the case the submission id exists for.
    let committedUnanswered = 0;
    const run = await runKillLoop({
      start,
      intake: (seq): Intake => {
        const fullName = `Crash Núñez ${seq}`;
        const submissionId = randomUUID();
        const sub = { ...submissionFor(vignettes[seq % vignettes.length]!, '2026-11-26', fullName), submissionId };
        return { fullName, answers: sub.answers, body: JSON.stringify(sub), submissionId };
      },
      // After every kill, before the next start: nothing half-written, the chain intact.
      afterKill: async (kills, sofar) => {
        const s = await openStore(url);
        expect(await halfWritten(s), `after kill ${kills}`).toEqual(NOTHING_HALF_WRITTEN);
        expect(await s.verifyAudit(), `audit chain after kill ${kills}`).toMatchObject({ ok: true });
        committedUnanswered += await count(
          s,
          'SELECT count(*) AS n FROM submissions WHERE submission_id = ANY($1::text[])',
          [sofar.unacknowledged.map((i) => i.submissionId)],
        );
      },
      minKills: MIN_KILLS,
      timeBudgetMs: TIME_BUDGET_MS,
      // More kills while there is time: a kill between a commit and its answer (the case above) is rare.
      keepGoingMs: 45_000,
      inFlight: IN_FLIGHT,
      resendUnacknowledged: true,
    });

    // A last shell that is not killed takes what is still unanswered, then stops cleanly.
    const last = await start();
    await resendUnacknowledged(last, run);
    await stopWebShell(last);
    expect(run.unacknowledged, 'intakes never acknowledged').toEqual([]);

    const s = await openStore(url);
    expect(await halfWritten(s)).toEqual(NOTHING_HALF_WRITTEN);
    const chain = await s.verifyAudit();
    expect(chain).toMatchObject({ ok: true });
    for (const ack of run.acks) {
      const rows = (
        await s.pool.query<{ id: number; check_in_code: string; audits: number }>(
          `SELECT s.id, s.check_in_code,
                  (SELECT count(*)::int FROM audit_log a
                    WHERE a.action = 'intake.submit' AND a.target_id = s.id) AS audits
             FROM intake_sessions s JOIN patients p ON p.id = s.patient_id WHERE p.full_name = $1`,
          [ack.fullName],
        )
      ).rows;
      expect(rows, ack.fullName).toHaveLength(1);
      const row = rows[0]!;
      expect(row.check_in_code, ack.fullName).toBe(ack.checkInCode);
      expect(row.audits, ack.fullName).toBe(1);
      expect(await s.findSubmission(ack.submissionId!), ack.fullName).toMatchObject({
        session_id: row.id,
        check_in_code: ack.checkInCode,
      });
      const record = await s.sessionRecord(row.id);
      expect(JSON.parse(record!.session.answers_json)).toMatchObject(ack.answers);
      expect(record!.triage).toMatchObject({ urgency: expect.any(String), suggestions: expect.any(Array) });
      const pain = (await s.sessionMeasures(row.id)).filter((m) => m.measure === 'nprs');
      expect(pain.map((m) => m.items)).toEqual([{ now: ack.answers['pain_now'], worst: ack.answers['pain_worst'] }]);
    }
    const stored = await count(s, 'SELECT count(*) AS n FROM intake_sessions');
    const submissions = await count(s, 'SELECT count(*) AS n FROM submissions');
    // Two sessions of a day never share a check-in code, whichever shell gave it.
    const sharedCodes = await count(
      s,
      'SELECT count(*) AS n FROM (SELECT 1 FROM intake_sessions GROUP BY local_date, check_in_code ' +
        'HAVING count(*) > 1) d',
    );

    console.log(summary(run, stored), JSON.stringify({ committedUnanswered, auditRows: chain.rows }));
    expect(run.kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Exactly once: every intake made was acknowledged once, and the database holds each once, nothing more.
    expect(new Set(run.acks.map((a) => a.submissionId)).size).toBe(run.made);
    expect(run.acks).toHaveLength(run.made);
    expect(stored).toBe(run.made);
    expect(submissions).toBe(run.made);
    expect(chain.rows).toBeGreaterThanOrEqual(run.made);
    expect(sharedCodes).toBe(0);
    // The run must actually have exercised something: many intakes, and kills that cut some off and made them resent.
    expect(run.made).toBeGreaterThan(run.kills);
    expect(run.resent).toBeGreaterThanOrEqual(run.kills);
  });
});
