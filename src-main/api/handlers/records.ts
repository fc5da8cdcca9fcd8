/**
 * Administrator methods over the clinic's data. Backups and restore go through a RecordsHost owned by the composition
 * root (app.ts), because a restore replaces the database every other handler uses; the host serialises backups and
 * restores so they never overlap.
 */
import { rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { rememberBackupDir } from '../startup';
import type { Clock } from '../../core/clock';
import type { Db } from '../../store/db';
import { appendAudit } from '../../store/audit';
import { readSettings } from '../../store/settings';
import {
  adoptClinicId,
  asideName,
  auditInto,
  BackupError,
  clinicIdOf,
  hasBackupOn,
  listBackups,
  prepareRestore,
  putBackAside,
  resolveBackup,
  swapInRestored,
  keepRevocations,
  takeBackup,
  type PreparedRestore,
} from '../../store/backup';
import type { HandoutsToRestore } from '../../store/backup-handouts';
import { handoutFiles } from '../../store/handout-files';
import { checkBackupHandouts, removeHandouts, restoreBackupHandouts } from '../../store/backup-handouts';
import { RECORD_BUNDLE_FORMAT, type PatientRecord, type RecordSession } from '../../core/export/record';
import { toFhirBundle } from '../../core/export/fhir';
import { letterMissingGlyphs, letterPdf } from '../../core/export/pdf';
import { clinicalLetter, type LetterFacts } from '../../core/export/letter';
import { parsePlan } from '../../core/handout/plan';
import type { PatientExport } from '../../store/record-export';
import { noteFromStored } from '../assessment';
import { loadOutcomes } from './outcomes';
import { REFERENCE_LOCALE } from '../../core/vocabulary';
import { sessionLanguage } from '../languages';
import { ApiError } from '../errors';
import type { BackupDetails, BackupTaken, RestoreReport } from '../types';
import type { recordsMethods } from '../methods/records';
import type { HandlersFor, ServiceDeps } from './deps';

/** What the composition root gives the records handlers (see app.ts for how the swap is made safe). */
export interface RecordsHost {
  backupDir(): string;
  fontDir: string;
  backupNow(actorId?: number | null): Promise<BackupTaken>;
  inspect(name: string): BackupDetails;
  restore(name: string, actorId: number | null, confirmOtherClinic?: string): RestoreReport;
}

/** Until ServiceDeps carries `records`, app.ts passes it alongside the shared deps. */
export type RecordsDeps = ServiceDeps & { records?: RecordsHost };

function hostOf(deps: RecordsDeps): RecordsHost {
  if (!deps.records) throw new ApiError('unavailable', 'Backups are not available in this window.');
  return deps.records;
}

function asApiError(e: unknown): never {
  if (e instanceof BackupError) throw new ApiError('unavailable', e.message);
  throw e;
}

/** The bundle's record of the patient, from what the store read for the export. */
export function patientRecordOf(exp: PatientExport, clinicName: string, now: Date): PatientRecord {
  const p = exp.patient;
  const sessions: RecordSession[] = exp.sessions.map(({ row: r, triage, measures }) => ({
    id: r.id,
    submittedAt: r.submitted_at,
    status: r.status,
    locale: r.locale,
    checkInCode: r.check_in_code,
    contentVersion: r.content_version,
    engineVersion: r.engine_version,
    answers: JSON.parse(r.answers_json) as RecordSession['answers'],
    triage,
    questionnaire: r.questionnaire_json ? (JSON.parse(r.questionnaire_json) as RecordSession['questionnaire']) : null,
    identityStatus: r.identity_status,
    identityResolvedAt: r.identity_resolved_at,
    identityResolvedBy: r.identity_resolved_by,
    visitKind: r.visit_kind,
    kioskPhone: r.kiosk_phone,
    receivedAt: r.received_at,
    alertAcknowledgedAt: r.alert_acknowledged_at,
    alertAcknowledgedBy: r.alert_acknowledged_by,
    measures: measures.map((m) => ({ measure: m.measure, items: m.items, total: m.total })),
  }));
  return {
    format: RECORD_BUNDLE_FORMAT,
    exportedAt: now.toISOString(),
    clinicName,
    patient: { id: p.id, fullName: p.full_name, dateOfBirth: p.date_of_birth, phone: p.phone, createdAt: p.created_at },
    sessions,
    related: exp.related,
  };
}

/** The latest assessment and the handouts given, as the letter reports them. */
export function letterFactsOf(exp: PatientExport, outcomes: LetterFacts['outcomes']): LetterFacts {
  const a = exp.latestAssessment;
  return {
    assessment: a
      ? { createdAt: a.created_at, authorName: a.author_name, findings: noteFromStored(JSON.parse(a.note_json)) }
      : null,
    handouts: exp.handouts.map((h) => ({
      createdAt: h.created_at,
      authorName: h.author_name,
      exerciseIds: parsePlan(JSON.parse(h.plan_json)).exercises.map((e) => e.exerciseId),
    })),
    outcomes,
  };
}

/** What the backup methods answer on PostgreSQL: the server keeps the group's backups (docs/postgres.md). */
export const SERVER_BACKUPS =
  "This clinic's records are in a PostgreSQL database: backups, replication and point-in-time recovery are the " +
  "database server's (pg_dump, base backups with archived WAL), not Stride's. See docs/postgres.md, Backups.";

export function recordsHandlers(deps: RecordsDeps): HandlersFor<typeof recordsMethods> {
  const { store, clock } = deps;
  /** Backups copy the SQLite file; a group's database is backed up by its server. */
  const fileBackups = (): RecordsHost => {
    if (store.engine === 'postgres') throw new ApiError('unavailable', SERVER_BACKUPS);
    return hostOf(deps);
  };
  return {
    'records.backupNow': async (_input, ctx) =>
      fileBackups()
        .backupNow(ctx.clinician?.id ?? null)
        .catch(asApiError),

    'records.listBackups': () => {
      if (store.engine === 'postgres')
        return { engine: 'postgres', dir: '', keep: 0, backups: [], handoutsDir: '', serverBackups: SERVER_BACKUPS };
      let dir: string;
      try {
        dir = hostOf(deps).backupDir();
      } catch (e) {
        return asApiError(e);
      }
      return {
        engine: 'sqlite',
        dir,
        keep: deps.settings.get().backupKeep,
        backups: listBackups(dir),
        handoutsDir: join(deps.dataDir, 'handouts'),
        serverBackups: null,
      };
    },

    'records.inspectBackup': (input) => {
      try {
        return fileBackups().inspect(input.name);
      } catch (e) {
        return asApiError(e);
      }
    },

    'records.restore': (input, ctx) => {
      try {
        return fileBackups().restore(input.name, ctx.clinician?.id ?? null, input.confirmOtherClinic);
      } catch (e) {
        return asApiError(e);
      }
    },

    'records.retention': async (input, ctx) => {
      if (input.recordsYears === undefined && input.draftDays === undefined) return store.readRetention();
      return store.saveRetention(input, ctx.clinician?.id ?? null, clock.now().toISOString());
    },

    'records.purge': async (_input, ctx) => {
      const result = await store.purgeExpired(clock.now(), ctx.clinician?.id ?? null);
      // The records are gone (committed); their handout PDFs, which carry the patient's name, go too (on
      // PostgreSQL with the rows; this hub's print copies here).
      const files = handoutFiles(deps.dataDir);
      for (const file of result.expiredFiles) files.remove(file);
      return result;
    },

    'files.save': async (input, ctx) => {
      const save = deps.desktop?.saveFile;
      if (!save)
        throw new ApiError('unavailable', 'Only the desktop app saves files itself; the browser downloads them.');
      const bytes = Buffer.from(input.base64, 'base64');
      const result = await save(input.fileName, bytes);
      // Where it went is the clinic's business; that a copy of patient data left Stride is recorded.
      await store.appendAudit(
        {
          actorType: 'clinician',
          actorId: ctx.clinician?.id ?? null,
          action: 'file.save',
          detail: { fileName: input.fileName, bytes: bytes.length, saved: result.saved },
        },
        clock.now().toISOString(),
      );
      return { saved: result.saved };
    },

    'records.export': async (input, ctx) => {
      const now = clock.now();
      const exp = await store.patientExport(input.patientId);
      if (!exp) throw new ApiError('not_found', 'That patient does not exist.');
      const bundle = patientRecordOf(exp, deps.settings.get().clinicName, now);
      // A visit still waiting for a clinician to confirm whose it is stays out of a letter that leaves the clinic.
      const outcomes = await loadOutcomes(store, deps.content, input.patientId, { confirmedOnly: true });
      const facts = letterFactsOf(exp, outcomes);
      // Recorded before anything leaves: an export that could not be audited is not handed out.
      await store.appendAudit(
        {
          actorType: 'clinician',
          actorId: ctx.clinician?.id ?? null,
          action: 'records.export',
          targetType: 'patient',
          targetId: input.patientId,
          detail: { sessions: bundle.sessions.length },
        },
        now.toISOString(),
      );
      // Written in the language of the patient's latest visit: the language the patient, and so most likely their
      // doctor, reads (a clinic in Spain writes to a Spanish GP).
      const latest = bundle.sessions.at(-1);
      const language = sessionLanguage(deps.locales, latest?.locale ?? REFERENCE_LOCALE);
      const letter = clinicalLetter(bundle, facts, deps.content, language);
      // The host's fonts where there is one; a core without file backups (PostgreSQL) has the same folder.
      const fontDir = deps.records?.fontDir ?? join(deps.resourcesDir, 'fonts');
      const pdf = await letterPdf(letter, fontDir);
      const missingGlyphs = await letterMissingGlyphs(letter, fontDir);
      return {
        bundle,
        fhir: toFhirBundle(bundle, deps.content.measures),
        pdfBase64: pdf.toString('base64'),
        missingGlyphs,
      };
    },
  };
}

/** The live database as the composition root holds it: closed and reopened around a restore. */
export interface LiveDatabase {
  db(): Db;
  close(): void;
  /** Opens the database file again and rebuilds everything that holds it (handlers, staff sessions). */
  open(): void;
}

export interface RecordsHostOptions {
  dbFile: string;
  fontDir: string;
  defaultBackupDir: string;
  clock: Clock;
  live: LiveDatabase;
}

/**
 * Backups and restore for the running core. One at a time: a restore is refused while a backup is copying (the copy
 * reads the database being replaced) and the other way round.
 *
 * How a restore swaps databases safely: (1) while the current database keeps serving, the chosen backup is checked
 * (integrity, schema version), copied beside the live file, migrated, compared with a freshly migrated schema, required
 * to hold an active administrator and to be this clinic's (or confirmed by the admin), and its own audit row is
 * written into it; (2) then, synchronously in one turn of the event loop (so no other call can run in between: every
 * handler is synchronous on the database), the live database is closed (SQLite checkpoints its WAL), renamed aside
 * with a timestamp, the prepared copy is renamed into its place and opened, and the handlers are rebuilt on it with
 * fresh staff sessions, so every staff window is locked and must unlock again against the restored clinicians. If
 * opening fails, the restored file is removed, the old one is renamed back and reopened, and the reply says so.
 */
export function createRecordsHost(o: RecordsHostOptions): RecordsHost & { dailyCheck(): Promise<BackupTaken | null> } {
  let busy = false;
  const handoutsDir = join(dirname(o.dbFile), 'handouts');
  const backupDir = () => {
    const dir = readSettings(o.live.db()).backupDir ?? o.defaultBackupDir;
    // A relative folder would land wherever the app happened to start: refuse it rather than guess.
    if (!isAbsolute(dir))
      throw new BackupError('The backup folder must be a full path (for example /media/usb/stride or D:\\Stride).');
    return dir;
  };
  const exclusive = <T>(run: () => T): T => {
    if (busy) throw new ApiError('conflict', 'A backup or restore is already running. Try again in a moment.');
    busy = true;
    let async = false;
    try {
      const result = run();
      if (result instanceof Promise) {
        async = true;
        return result.finally(() => (busy = false)) as T;
      }
      return result;
    } finally {
      if (!async) busy = false;
    }
  };

  const backupNow = (actorId: number | null = null): Promise<BackupTaken> =>
    exclusive(async () => {
      const now = o.clock.now();
      const db = o.live.db();
      const dir = backupDir();
      const taken = await takeBackup(db, dir, now, readSettings(db).backupKeep, handoutsDir);
      rememberBackupDir(dirname(o.dbFile), dir);
      appendAudit(
        o.live.db(),
        {
          actorType: actorId === null ? 'system' : 'clinician',
          actorId,
          action: 'records.backup',
          detail: {
            name: taken.name,
            bytes: taken.bytes,
            removed: taken.removed.length,
            handouts: taken.handouts ?? 0,
            handoutsMissing: taken.handoutsMissing,
          },
        },
        now.toISOString(),
      );
      return taken;
    });

  /** Checks and stages a backup and its handouts; the caller removes the staged copy unless it swaps it in. */
  const prepare = (
    name: string,
  ): { prepared: PreparedRestore; details: BackupDetails; backupFile: string; handouts: HandoutsToRestore } => {
    const backupFile = resolveBackup(backupDir(), name);
    const prepared = prepareRestore(backupFile, o.dbFile);
    let handouts: HandoutsToRestore;
    try {
      handouts = checkBackupHandouts(prepared.file, backupFile);
    } catch (e) {
      discard(prepared.file);
      throw e;
    }
    const d = prepared.details;
    const details: BackupDetails = {
      name,
      clinicId: d.clinicId,
      clinicName: d.clinicName,
      sameClinic: d.clinicId !== null && d.clinicId === clinicIdOf(o.live.db()),
      patients: d.patients,
      sessions: d.sessions,
      schemaVersion: d.schemaVersion,
      handouts: handouts.included ? handouts.names.length : null,
    };
    return { prepared, details, backupFile, handouts };
  };
  const discard = (staged: string) => {
    for (const suffix of ['', '-journal']) rmSync(staged + suffix, { force: true });
  };

  const inspect = (name: string): BackupDetails =>
    exclusive(() => {
      const { prepared, details } = prepare(name);
      discard(prepared.file);
      return details;
    });

  const restore = (name: string, actorId: number | null, confirmOtherClinic?: string): RestoreReport =>
    exclusive(() => {
      const { prepared, details, backupFile, handouts } = prepare(name);
      const staged = prepared.file;
      const expectedConfirmation = details.clinicId ?? 'unrecorded';
      if (!details.sameClinic && confirmOtherClinic !== expectedConfirmation) {
        discard(staged);
        throw new ApiError('conflict', otherClinicMessage(details));
      }
      const liveClinicId = clinicIdOf(o.live.db());
      // A backup from before clinic ids, confirmed as this clinic's: it becomes this clinic's again.
      if (details.clinicId === null && liveClinicId) adoptClinicId(staged, liveClinicId);
      let stillRevoked: number;
      try {
        stillRevoked = keepRevocations(staged, o.live.db());
      } catch (e) {
        discard(staged);
        throw e;
      }
      const now = o.clock.now();
      const aside = asideName(o.dbFile, now);
      const keptAside = basename(aside);
      const who = { actorType: actorId === null ? ('system' as const) : ('clinician' as const), actorId };
      const detail = {
        backup: name,
        fromSchemaVersion: prepared.fromVersion,
        keptAside,
        ...(stillRevoked > 0 ? { devicesKeptRevoked: stillRevoked } : {}),
        handouts: handouts.included ? handouts.names.length : 'not-in-backup',
        ...(details.sameClinic ? {} : { otherClinic: details.clinicId ?? 'unrecorded' }),
      };
      let written: string[];
      try {
        // Into the live folder before the swap: names are unique per handout, so the current database loses nothing.
        written = restoreBackupHandouts(handouts, staged, backupFile, handoutsDir);
      } catch (e) {
        discard(staged);
        throw e;
      }
      try {
        // Written into the restored copy before the swap: nothing that can fail is left for after it but opening.
        auditInto(staged, { ...who, action: 'records.restore', detail }, now.toISOString());
        appendAudit(o.live.db(), { ...who, action: 'records.restore.replaced', detail }, now.toISOString());
      } catch (e) {
        discard(staged);
        removeHandouts(written, handoutsDir);
        throw e instanceof BackupError ? e : new BackupError('The restore could not be recorded; nothing was changed.');
      }
      o.live.close();
      try {
        swapInRestored(staged, o.dbFile, aside);
        o.live.open();
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        putBackAside(aside, o.dbFile);
        discard(staged);
        removeHandouts(written, handoutsDir);
        try {
          o.live.open();
        } catch {
          throw new BackupError(
            `The restored database could not be opened, and neither could the previous one, which is at ${o.dbFile}. ` +
              'Close Stride and start it again; it will offer recovery.',
          );
        }
        try {
          appendAudit(
            o.live.db(),
            { ...who, action: 'records.restore.failed', detail: { backup: name } },
            o.clock.now().toISOString(),
          );
        } catch {
          // The previous database is back; not being able to note the failure must not hide that.
        }
        throw new BackupError(
          `The restored database could not be opened (${reason}), so the previous database was put back and is in ` +
            'use again. Nothing was changed.',
        );
      }
      return {
        restored: name,
        fromSchemaVersion: prepared.fromVersion,
        keptAside,
        handoutsRestored: handouts.included ? handouts.names.length : null,
        handoutsAbsent: handouts.absent,
      };
    });

  return {
    fontDir: o.fontDir,
    backupDir,
    backupNow: (actorId = null) => backupNow(actorId),
    dailyCheck: async () => (busy || hasBackupOn(backupDir(), o.clock.now()) ? null : backupNow(null)),
    inspect,
    restore,
  };
}

function otherClinicMessage(d: BackupDetails): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const holds = `${plural(d.patients, 'patient')}, ${plural(d.sessions, 'visit')}`;
  if (d.clinicId === null)
    return (
      `This backup was made before Stride recorded which clinic a backup belongs to ("${d.clinicName}", ${holds}). ` +
      "Confirm that it is this clinic's to restore it."
    );
  return `This backup belongs to another clinic, "${d.clinicName}" (${holds}). Confirm to restore it anyway.`;
}
