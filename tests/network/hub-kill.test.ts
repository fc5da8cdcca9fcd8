/**
 * Nothing lost, nothing twice, when the hub dies: a kiosk station in its own namespace sends a bounded stream of
 * intakes (each with its own submission id, retried with the same id after any failure; every 7th has its first reply
 * thrown away and is sent again) while the hub, in another namespace, is SIGKILLed mid-stream and restarted on the
 * same data dir, twice. Afterwards the database holds exactly one session per intake sent, each with the check-in
 * code the station was given, including every intake acknowledged before a kill. Skips, saying why, without root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { repoRoot } from '../support/clinician';
import { startHubProcess } from '../support/hub-process';
import { createTestNetwork, exitOf, netnsUnavailable, type TestNetwork } from '../support/netns';
import { prepareHubData } from '../support/hub-data';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`tests/network/hub-kill skipped: ${unavailable}`);

const PORT = 8443;
const INTAKES = 40;
const KILLS = 2;
/** Acknowledged intakes between one (re)start and the next kill. */
const ACKS_PER_LIFE = 12;
const DROP_EVERY = 7;

interface Ack {
  i: number;
  submissionId: string;
  fullName: string;
  checkInCode: string;
  failedAttempts: number;
  droppedCode: string | null;
}

let net: TestNetwork | undefined;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-net-kill-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'kiosk.html'), '<!doctype html><title>kiosk</title>');
  if (!unavailable) net = createTestNetwork({ stations: 1, repoRoot });
});
afterAll(() => {
  net?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** The station's lines as they come, and a way to wait (bounded) for one that passes a test. */
function stationLines(child: ChildProcess) {
  const lines: Record<string, unknown>[] = [];
  const waiters: { test: (l: Record<string, unknown>) => boolean; resolve: () => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const w of [...waiters]) if (w.test(line)) w.resolve();
    });
  const until = (what: string, test: (l: Record<string, unknown>) => boolean, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (lines.some(test)) return resolve();
      const failed = lines.find((l) => typeof l.failed === 'string');
      if (failed) return reject(new Error(`station: ${String(failed.failed)}`));
      const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms; stderr: ${stderr}`)), ms);
      waiters.push({
        test: (l) => test(l) || typeof l.failed === 'string',
        resolve: () => {
          clearTimeout(timer);
          const f = lines.find((l) => typeof l.failed === 'string');
          if (f) reject(new Error(`station: ${String(f.failed)}`));
          else resolve();
        },
      });
    });
  return { lines, until, acks: () => lines.filter((l): l is Record<string, unknown> & Ack => 'checkInCode' in l) };
}

describe.skipIf(unavailable !== null)('the hub killed during submissions', () => {
  it('every intake sent arrives once, every acknowledged one survives, no retry makes a second session', async () => {
    const network = net!;
    const dataDir = join(dir, 'hub-data');
    const [code] = (await prepareHubData(dataDir, [{ role: 'kiosk', name: 'Waiting room tablet' }])).codes;
    const hubArgs = [
      '--data-dir',
      dataDir,
      '--renderer-dir',
      join(dir, 'renderer'),
      '--listen',
      `0.0.0.0:${PORT}`,
      // One kiosk sends all 40 (the default allows 30 in 10 minutes).
      '--kiosk-submit-limit',
      '100/10m',
    ];
    let hub = startHubProcess(network, hubArgs);
    const first = await hub.started;
    const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
    const station = network.spawnNode(network.stations[0]!.ns, 'tests/network/kill-station.ts', [], {
      STRIDE_STATION_INPUT: JSON.stringify({
        target: { host: network.stations[0]!.hubAddress, port: PORT, ca, caFingerprint: first.caFingerprint },
        code,
        count: INTAKES,
        dropEvery: DROP_EVERY,
        deadlineMs: 150_000,
      }),
    });
    const out = stationLines(station);
    await out.until('pairing', (l) => l.paired === true, 30_000);

    const ackedBeforeKill: Ack[][] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      await out.until(`ack ${kill * ACKS_PER_LIFE}`, () => out.acks().length >= kill * ACKS_PER_LIFE, 60_000);
      ackedBeforeKill.push([...out.acks()]);
      // The station sends its next intake at once: the kill lands on one in flight, or between two.
      const pid = hub.child.pid!;
      process.kill(-pid, 'SIGKILL');
      expect(await exitOf(hub.child, 10_000)).toBeNull();
      expect(hub.child.signalCode).toBe('SIGKILL');
      hub = startHubProcess(network, hubArgs);
      // The same data dir: the same CA, so the station that pinned it goes on.
      expect((await hub.started).caFingerprint).toBe(first.caFingerprint);
    }
    await out.until('the last intake', (l) => l.done === true, 90_000);
    expect(await exitOf(station, 10_000)).toBe(0);
    hub.child.kill('SIGTERM');
    expect(await exitOf(hub.child, 10_000)).toBe(0);

    const acks = out.acks();
    expect(acks.map((a) => a.i)).toEqual([...Array(INTAKES).keys()]);
    expect(new Set(acks.map((a) => a.submissionId)).size).toBe(INTAKES);
    // The kills were felt: after each one the station had to retry at least once.
    expect(acks.reduce((n, a) => n + a.failedAttempts, 0)).toBeGreaterThanOrEqual(KILLS);
    // A reply lost and the intake sent again: the same receipt both times.
    const dropped = acks.filter((a) => a.droppedCode !== null);
    expect(dropped).toHaveLength(Math.floor(INTAKES / DROP_EVERY));
    for (const a of dropped) expect(a.checkInCode).toBe(a.droppedCode);

    const db = new Database(join(dataDir, 'stride.db'), { readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT s.submission_id AS submissionId, i.check_in_code AS checkInCode, p.full_name AS fullName
             FROM submissions s JOIN intake_sessions i ON i.id = s.session_id JOIN patients p ON p.id = i.patient_id`,
        )
        .all() as { submissionId: string; checkInCode: string; fullName: string }[];
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      // Exactly one session per intake sent, and nothing else.
      expect(count('SELECT count(*) AS n FROM intake_sessions')).toBe(INTAKES);
      expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'intake.submit'")).toBe(INTAKES);
      const stored = new Map(rows.map((r) => [r.submissionId, r]));
      expect(stored.size).toBe(INTAKES);
      for (const a of acks)
        expect(stored.get(a.submissionId), a.fullName).toEqual({
          submissionId: a.submissionId,
          checkInCode: a.checkInCode,
          fullName: a.fullName,
        });
      // Acknowledged before a kill, still there after it (and after the next restart).
      for (const before of ackedBeforeKill) for (const a of before) expect(stored.has(a.submissionId)).toBe(true);
    } finally {
      db.close();
    }
  }, 240_000);
});
