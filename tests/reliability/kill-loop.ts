/**
 * The SIGKILL loop both crash tests drive (crash.test.ts on SQLite, crash-postgres.test.ts on PostgreSQL): the real
 * web shell in a child process takes kiosk intakes over HTTP, a few in flight, is killed with SIGKILL at a random
 * moment, and is started again on the same data, again and again. What must hold after each kill and at the end is
 * the engine's test's to check.
 *
 * The shell is the real src-main/web/cli.ts, bundled once with esbuild so that each of the many restarts takes about a
 * second instead of tsx's several: what runs is the same code, only precompiled.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../support/core';

// Two levels below the repository, like src-main/web, so cli.ts finds resources/ and out/renderer the same way.
// (.stride-data is git-ignored; out/ is not used because renderer builds by others may clear it.)
const bundle = join(repoRoot, '.stride-data', 'reliability', 'cli.mjs');

/** Bundles the web shell (once per test file); throws when the renderer it serves is not built. */
export function bundleWebShell(): void {
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'kiosk.html'))) {
    throw new Error('The renderer is not built: run `npx electron-vite build` once before the reliability tests.');
  }
  mkdirSync(join(repoRoot, '.stride-data', 'reliability'), { recursive: true });
  const built = spawnSync(
    join(repoRoot, 'node_modules', '.bin', 'esbuild'),
    [
      'src-main/web/cli.ts',
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${bundle}`,
      '--log-level=warning',
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`could not bundle the web shell: ${built.stderr}`);
}

export interface Shell {
  pid: number;
  port: number;
  kioskToken: string;
  exited: Promise<void>;
}

/**
 * Starts the bundled shell with `args` (its data folder, its database) and waits for its line of addresses. Others may
 * be rebuilding the renderer on this machine: wait for it rather than fail the run.
 */
export async function startWebShell(args: readonly string[]): Promise<Shell> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startWebShellOnce(args);
    } catch (e) {
      if (attempt > 20 || !String(e).includes('renderer is not built')) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function startWebShellOnce(args: readonly string[]): Promise<Shell> {
  const child = spawn(process.execPath, [bundle, '--json', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const info = await new Promise<{ pid: number; origin: string; tokens: { kiosk: string } }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web shell did not start: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { pid: number; origin: string; tokens: { kiosk: string } });
    });
    child.once('exit', (code) => reject(new Error(`web shell exited with ${code}: ${stderr}`)));
  });
  return { pid: info.pid, port: Number(new URL(info.origin).port), kioskToken: info.tokens.kiosk, exited };
}

/** Stops a shell the way a clinic does (SIGTERM: it closes its server and its database) and waits until it is gone. */
export async function stopWebShell(shell: Shell): Promise<void> {
  process.kill(shell.pid, 'SIGTERM');
  await shell.exited;
}

/** One kiosk intake as the loop sends it: `body` is the JSON posted, the same bytes on every resend. */
export interface Intake {
  fullName: string;
  answers: Record<string, unknown>;
  body: string;
  submissionId?: string;
}

/** An intake whose check-in code reached the kiosk. */
export interface Ack extends Intake {
  checkInCode: string;
}

/**
 * `ok: false` without `answered` is a request cut off by the kill (nothing came back); `answered` means the shell
 * replied with an error of its own.
 */
export function submitIntake(
  shell: Shell,
  body: string,
): Promise<{ ok: boolean; checkInCode?: string; answered?: true }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        method: 'POST',
        path: '/api/call/intake.submit',
        agent: false,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${shell.kioskToken}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          try {
            const r = JSON.parse(text) as { ok: boolean; value?: { checkInCode: string } };
            resolve(r.ok && r.value ? { ok: true, checkInCode: r.value.checkInCode } : { ok: false, answered: true });
          } catch {
            resolve({ ok: false }); // cut off mid-response: not acknowledged
          }
        });
        res.on('error', () => resolve({ ok: false }));
      },
    );
    req.on('error', () => resolve({ ok: false }));
    req.end(body);
  });
}

export interface KillLoopOptions {
  start(): Promise<Shell>;
  /** The seq-th new intake (each with its own patient name, so it can be found afterwards). */
  intake(seq: number): Intake;
  /** After every kill, before the next start: what must already hold (`run` as it is so far). */
  afterKill(kills: number, run: KillLoopResult): void | Promise<void>;
  minKills: number;
  /** Past this, stop once minKills is reached. */
  timeBudgetMs: number;
  /** While this young, keep killing up to twice minKills. */
  keepGoingMs: number;
  inFlight: number;
  /**
   * As a station's outbox does: an intake not acknowledged is sent again, byte for byte (so with its submission id),
   * to the next shell, before any new one. Off: it is given up.
   */
  resendUnacknowledged?: boolean;
}

export interface KillLoopResult {
  kills: number;
  attempts: number;
  /** Distinct intakes made. */
  made: number;
  /** Sends of an intake already sent before (resendUnacknowledged). */
  resent: number;
  /** Replies that were an error from a live shell rather than a cut-off request. */
  refused: number;
  acks: Ack[];
  /** Sent but never acknowledged (resent to the next shell when resendUnacknowledged). */
  unacknowledged: Intake[];
  startedAt: number;
}

export async function runKillLoop(o: KillLoopOptions): Promise<KillLoopResult> {
  const result: KillLoopResult = {
    kills: 0,
    attempts: 0,
    made: 0,
    resent: 0,
    refused: 0,
    acks: [],
    unacknowledged: [],
    startedAt: Date.now(),
  };
  const started = result.startedAt;
  // A fixed seed would hide timing bugs; the log line lets a failing run be discussed.
  const rand = Math.random;
  const next = (): Intake => {
    const again = o.resendUnacknowledged ? result.unacknowledged.shift() : undefined;
    if (again) result.resent++;
    return again ?? o.intake(result.made++);
  };

  while (result.kills < o.minKills || (Date.now() - started < o.keepGoingMs && result.kills < o.minKills * 2)) {
    if (Date.now() - started > o.timeBudgetMs && result.kills >= o.minKills) break;
    const shell = await o.start();
    let alive = true;
    // Keep a few submissions in flight until the kill.
    const worker = async () => {
      while (alive) {
        const intake = next();
        result.attempts++;
        const r = await submitIntake(shell, intake.body);
        if (r.ok && r.checkInCode) result.acks.push({ ...intake, checkInCode: r.checkInCode });
        else {
          if (r.answered) result.refused++;
          result.unacknowledged.push(intake);
        }
      }
    };
    const workers = Array.from({ length: o.inFlight }, worker);
    await new Promise((r) => setTimeout(r, 30 + rand() * 300));
    process.kill(shell.pid, 'SIGKILL');
    alive = false;
    await shell.exited;
    await Promise.all(workers);
    result.kills++;
    await o.afterKill(result.kills, result);
  }
  return result;
}

/**
 * Sends what is still unacknowledged to a shell that is not killed, one at a time (each at most `tries` times), as a
 * station's outbox does once the hub is back; what is acknowledged moves to `acks`.
 */
export async function resendUnacknowledged(shell: Shell, result: KillLoopResult, tries = 3): Promise<void> {
  const pending = result.unacknowledged.splice(0);
  for (const intake of pending) {
    let acked = false;
    for (let i = 0; i < tries && !acked; i++) {
      result.attempts++;
      result.resent++;
      const r = await submitIntake(shell, intake.body);
      if (r.ok && r.checkInCode) {
        result.acks.push({ ...intake, checkInCode: r.checkInCode });
        acked = true;
      } else if (r.answered) result.refused++;
    }
    if (!acked) result.unacknowledged.push(intake);
  }
}

/**
 * Nothing half-written, in SQL both engines read alike (each query answers one count `n`): each session has its audit
 * row and its patient, each patient has a session.
 */
export const HALF_WRITTEN_SQL = {
  sessionsWithoutAudit:
    'SELECT count(*) AS n FROM intake_sessions s WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = ' +
    "'intake.submit' AND a.target_id = s.id)",
  auditWithoutSession:
    "SELECT count(*) AS n FROM audit_log a WHERE a.action = 'intake.submit' AND NOT EXISTS (SELECT 1 FROM " +
    'intake_sessions s WHERE s.id = a.target_id)',
  orphanPatients:
    'SELECT count(*) AS n FROM patients p WHERE NOT EXISTS (SELECT 1 FROM intake_sessions s WHERE s.patient_id = ' +
    'p.id)',
  sessionsWithoutPatient:
    'SELECT count(*) AS n FROM intake_sessions s WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = ' +
    's.patient_id)',
} as const;

/** The one-line summary a run logs, so a failing or slow run can be discussed. */
export function summary(result: KillLoopResult, stored: number): string {
  return JSON.stringify({
    kills: result.kills,
    attempts: result.attempts,
    made: result.made,
    resent: result.resent,
    acknowledged: result.acks.length,
    refused: result.refused,
    stored,
    seconds: Math.round((Date.now() - result.startedAt) / 1000),
  });
}
