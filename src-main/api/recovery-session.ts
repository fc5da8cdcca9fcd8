/**
 * The recovery screen's decisions, shared by the web shell's page (web/recovery-page.ts) and the desktop recovery
 * window (electron/recovery-ipc.ts): what to show, which requests to accept, five wrong PINs then a minute's wait, and
 * one restore only. The shells only carry the request in and the outcome out.
 */
import { z } from 'zod';
import { BackupError } from '../store/backup';
import type { RecoveryOutcome, RecoveryStatus } from './bridge';
import { backupAdmins, recoverFromBackup, RecoveryRefusedError, type RecoveryNeededError } from './startup';

export const recoveryRequestSchema = z
  .object({
    clinicianId: z.number().int().positive(),
    // An administrator's PIN as the backup knows it: older backups can still hold a 4-digit one.
    pin: z.string().regex(/^\d{4,8}$/),
    confirm: z.boolean(),
  })
  .strict();

export type RecoveryRequest = z.infer<typeof recoveryRequestSchema>;

export const FREE_TRIES = 5;
export const WAIT_MS = 60_000;

/** What a restore of this backup brings back besides the database. */
export function holdsSentence(handouts: number | null): string {
  if (handouts === null)
    return 'It was made before backups held handout PDFs: the database comes back, the PDFs are not in it.';
  if (handouts === 0) return 'The database comes back; it holds no handout PDFs.';
  return `The database comes back with ${handouts} handout PDF${handouts === 1 ? '' : 's'}, each checked against it.`;
}

export interface RecoverySession {
  status(): RecoveryStatus;
  /** Validates and carries out one request; a success happens once, and the shell then starts Stride. */
  attempt(request: unknown): RecoveryOutcome;
}

export function createRecoverySession(o: {
  problem: RecoveryNeededError;
  dataDir: string;
  now?: () => Date;
}): RecoverySession {
  const now = o.now ?? (() => new Date());
  const newest = o.problem.newest;
  let wrong = 0;
  let waitUntil = 0;
  let done = false;
  const refuse = (refusal: Extract<RecoveryOutcome, { ok: false }>['refusal'], message: string): RecoveryOutcome => ({
    ok: false,
    refusal,
    message,
  });

  return {
    status: () => ({
      problem: o.problem.message,
      backup: newest
        ? {
            name: newest.name,
            takenAt: newest.takenAt,
            dir: newest.dir,
            handouts: newest.handouts,
            holds: holdsSentence(newest.handouts),
          }
        : null,
      admins: newest && !done ? backupAdmins(newest.path) : [],
      done,
    }),
    attempt(request) {
      if (done) return refuse('done', 'The backup was already restored.');
      if (!newest) return refuse('no-backup', 'There is no backup that passes its check to restore.');
      const parsed = recoveryRequestSchema.safeParse(request);
      if (!parsed.success) return refuse('invalid', 'Choose an administrator and enter their PIN (4 to 8 digits).');
      if (!parsed.data.confirm) return refuse('unconfirmed', 'Tick "Restore this backup" to confirm.');
      if (now().getTime() < waitUntil) return refuse('waiting', 'Too many wrong PINs. Wait a minute and try again.');
      try {
        const r = recoverFromBackup({
          dataDir: o.dataDir,
          backup: newest,
          reason: o.problem.reason,
          clinicianId: parsed.data.clinicianId,
          pin: parsed.data.pin,
          now: now(),
        });
        done = true;
        return { ok: true, ...r };
      } catch (e) {
        // The backup itself was refused (damaged since, a crafted handout name): nothing was changed.
        if (e instanceof BackupError) return refuse('failed', `The backup could not be restored: ${e.message}`);
        if (!(e instanceof RecoveryRefusedError)) throw e;
        if (++wrong >= FREE_TRIES) waitUntil = now().getTime() + WAIT_MS;
        return refuse('wrong-pin', e.message);
      }
    },
  };
}
