/**
 * Crash safety: the real web shell in a child process takes intakes over HTTP while it is killed with SIGKILL at random
 * moments, again and again (kill-loop.ts, the loop crash-postgres.test.ts drives too). After every kill the database
 * must pass integrity_check, and at the end every intake that was acknowledged (a check-in code reached the kiosk) must
 * be there in full, with nothing half-written anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVignettes, submissionFor } from '../support/core';
import { sessionTriage } from '../../src-main/store/reason-catalogues';
import { bundleWebShell, HALF_WRITTEN_SQL, runKillLoop, startWebShell, stopWebShell, summary } from './kill-loop';

const MIN_KILLS = 50;
const TIME_BUDGET_MS = 100_000;
const IN_FLIGHT = 3;

let dataDir: string;

function openReadonly(): Database.Database {
  return new Database(join(dataDir, 'stride.db'), { readonly: true, fileMustExist: true });
}

/** Nothing half-written (kill-loop.ts), and every JSON column readable. */
function halfWritten(db: Database.Database): Record<string, number> {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    ...Object.fromEntries(Object.entries(HALF_WRITTEN_SQL).map(([name, sql]) => [name, n(sql)])),
    invalidJson: n(
      'SELECT count(*) AS n FROM intake_sessions WHERE NOT json_valid(answers_json) OR NOT json_valid(triage_json)',
    ),
  };
}
const NOTHING_HALF_WRITTEN = {
  sessionsWithoutAudit: 0,
  auditWithoutSession: 0,
  orphanPatients: 0,
  sessionsWithoutPatient: 0,
  invalidJson: 0,
};

beforeAll(() => {
  bundleWebShell();
  dataDir = mkdtempSync(join(tmpdir(), 'stride-crash-'));
});
afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety under SIGKILL', () => {
  it(`every acknowledged intake survives ${MIN_KILLS}+ kills, complete, with nothing half-written`, async () => {
    const vignettes = loadVignettes();
    const start = () => startWebShell(['--data-dir', dataDir]);
    const run = await runKillLoop({
      start,
      intake: (seq) => {
        const fullName = `Crash Núñez ${seq}`;
        const sub = submissionFor(vignettes[seq % vignettes.length]!, '2026-11-26', fullName);
        return { fullName, answers: sub.answers, body: JSON.stringify(sub) };
      },
      // After every kill, before the next start: the file is sound and nothing is half-written.
      afterKill: (kills) => {
        const db = openReadonly();
        expect(db.pragma('integrity_check', { simple: true }), `after kill ${kills}`).toBe('ok');
        expect(halfWritten(db), `after kill ${kills}`).toEqual(NOTHING_HALF_WRITTEN);
        db.close();
      },
      minKills: MIN_KILLS,
      timeBudgetMs: TIME_BUDGET_MS,
      keepGoingMs: 20_000,
      inFlight: IN_FLIGHT,
    });
    const { acks, kills } = run;

    // A last clean start replays the WAL as the app would, then everything acknowledged must be there in full.
    await stopWebShell(await start());
    const db = openReadonly();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(halfWritten(db)).toEqual(NOTHING_HALF_WRITTEN);
    const find = db.prepare(
      `SELECT s.id, s.check_in_code, s.answers_json, s.triage_json, s.content_version, s.engine_version, p.full_name,
              (SELECT count(*) FROM audit_log a WHERE a.action = 'intake.submit' AND a.target_id = s.id) AS audits
         FROM intake_sessions s JOIN patients p ON p.id = s.patient_id WHERE p.full_name = ?`,
    );
    for (const ack of acks) {
      const rows = find.all(ack.fullName) as {
        check_in_code: string;
        answers_json: string;
        triage_json: string;
        content_version: string;
        engine_version: string;
        audits: number;
      }[];
      expect(rows, ack.fullName).toHaveLength(1);
      const row = rows[0]!;
      expect(row.check_in_code).toBe(ack.checkInCode);
      expect(JSON.parse(row.answers_json)).toMatchObject(ack.answers);
      expect(sessionTriage(db, row)).toMatchObject({
        urgency: expect.any(String),
        suggestions: expect.any(Array),
      });
      expect(row.audits).toBe(1);
    }
    const total = (db.prepare('SELECT count(*) AS n FROM intake_sessions').get() as { n: number }).n;
    db.close();

    console.log(summary(run, total));
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // The run must actually have exercised something: many intakes acknowledged, and some cut off by a kill.
    expect(acks.length).toBeGreaterThan(kills);
    expect(total).toBeGreaterThanOrEqual(acks.length);
  });
});
