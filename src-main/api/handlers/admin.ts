/** Administrators: add, disable and re-PIN clinicians; clinic settings; reading the audit log. */
import { appendAudit } from '../../store/audit';
import { readAudit, type AuditRow } from '../../store/audit-read';
import { describeChain, verifyAuditChain } from '../../store/audit-chain';
import { createReadAudit } from '../read-audit';
import {
  countActiveAdmins,
  getClinician,
  insertClinician,
  listAllClinicians,
  setClinicianDisabled,
  setClinicianPin,
  type ClinicianAdminRow,
} from '../../store/clinicians';
import { readSettings, writeSettings } from '../../store/settings';
import type { Settings } from '../../core/settings';
import { ApiError } from '../errors';
import { requireLanguages } from '../languages';
import { localeCodes } from '../../core/locales/catalog';
import { hashPin } from '../pin';
import type { CallContext } from '../dispatch';
import type { AuditEntryView, ClinicianAdmin } from '../types';
import type { adminMethods } from '../methods/admin';
import type { HandlersFor, ServiceDeps } from './deps';
import { signedInClinician } from './actor';
import { requireGoodPin } from './staff';

function toAdmin(r: ClinicianAdminRow): ClinicianAdmin {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    disabled: r.disabled === 1,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
  };
}

function toView(r: AuditRow): AuditEntryView {
  return {
    id: r.id,
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: r.detail_json ? (JSON.parse(r.detail_json) as Record<string, unknown>) : null,
  };
}

/** The start of a local calendar day as a UTC instant: audit times are UTC, the clinic thinks in local days. */
function localDayStartIso(date: string, addDays = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + addDays).toISOString();
}

/** Which settings changed, by name only (a folder path is not patient data, but values are kept out on principle). */
function changedKeys(before: Settings, after: Settings): string[] {
  return (Object.keys(after) as (keyof Settings)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export function adminHandlers({
  db,
  clock,
  staffSessions,
  coreEvents,
  locales,
}: ServiceDeps): HandlersFor<typeof adminMethods> {
  const withLanguages = (s: Settings): Settings => ({ ...s, languages: s.languages ?? localeCodes(locales) });
  const nowIso = () => clock.now().toISOString();
  const readAuditOnce = createReadAudit(clock);
  const actor = (ctx: CallContext): number => signedInClinician(ctx).id;
  const reread = (id: number): ClinicianAdmin => {
    const row = listAllClinicians(db).find((c) => c.id === id);
    if (!row) throw new ApiError('not_found', 'There is no such clinician.');
    return toAdmin(row);
  };

  return {
    'admin.clinicians.list': (_input, ctx) => {
      readAuditOnce(db, actor(ctx), 'clinicians.read', '');
      return listAllClinicians(db).map(toAdmin);
    },

    'admin.clinicians.add': (input, ctx) => {
      const actorId = actor(ctx);
      requireGoodPin(input.pin, input.role);
      const { hash, salt } = hashPin(input.pin);
      const id = db.transaction(() => {
        const at = nowIso();
        const newId = insertClinician(db, { name: input.name, role: input.role, pinHash: hash, pinSalt: salt }, at);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'clinician.add',
            targetType: 'clinician',
            targetId: newId,
            detail: { role: input.role },
          },
          at,
        );
        return newId;
      })();
      return reread(id);
    },

    'admin.clinicians.setDisabled': (input, ctx) => {
      const actorId = actor(ctx);
      db.transaction(() => {
        const row = getClinician(db, input.clinicianId);
        if (!row) throw new ApiError('not_found', 'There is no such clinician.');
        if (input.disabled && input.clinicianId === actorId)
          throw new ApiError('conflict', 'You cannot disable your own account.');
        if (input.disabled && row.role === 'admin' && !row.disabled && countActiveAdmins(db) <= 1) {
          throw new ApiError('conflict', 'Stride needs at least one active administrator.');
        }
        setClinicianDisabled(db, row.id, input.disabled);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: input.disabled ? 'clinician.disable' : 'clinician.enable',
            targetType: 'clinician',
            targetId: row.id,
          },
          nowIso(),
        );
      })();
      // A disabled clinician loses every open window at once.
      if (input.disabled) staffSessions.lockClinician(input.clinicianId);
      return reread(input.clinicianId);
    },

    'admin.clinicians.resetPin': (input, ctx) => {
      const actorId = actor(ctx);
      const target = getClinician(db, input.clinicianId);
      if (!target) throw new ApiError('not_found', 'There is no such clinician.');
      requireGoodPin(input.pin, target.role);
      const { hash, salt } = hashPin(input.pin);
      db.transaction(() => {
        setClinicianPin(db, input.clinicianId, hash, salt);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'clinician.resetPin',
            targetType: 'clinician',
            targetId: input.clinicianId,
          },
          nowIso(),
        );
      })();
      // Whoever knew the old PIN on an unlocked window must unlock again.
      if (input.clinicianId !== actorId) staffSessions.lockClinician(input.clinicianId);
      return reread(input.clinicianId);
    },

    // A clinic that never chose its languages is offered every one Stride has: the screen shows them all ticked.
    'admin.settings.get': () => withLanguages(readSettings(db)),

    'admin.settings.update': (input, ctx) => {
      const actorId = actor(ctx);
      const chosen = input.settings.languages ?? [];
      requireLanguages(
        locales,
        chosen.map((code, i) => ({ path: `settings.languages.${i}`, code })),
      );
      const saved = db.transaction(() => {
        const before = readSettings(db);
        const after = writeSettings(db, input.settings);
        appendAudit(
          db,
          {
            actorType: 'clinician',
            actorId,
            action: 'settings.update',
            detail: { changed: changedKeys(before, after) },
          },
          nowIso(),
        );
        return withLanguages(after);
      })();
      // Only once committed: the shell applies it at once (the kiosk window moves to its display).
      coreEvents.emit({ type: 'settings.changed', settings: saved });
      return saved;
    },

    'admin.audit.list': (input, ctx) => {
      // Reading the log is itself recorded, per filter (paging through one filter is one read).
      const filter = { clinicianId: input.clinicianId ?? null, from: input.from ?? null, to: input.to ?? null };
      readAuditOnce(db, actor(ctx), 'audit.read', JSON.stringify(filter), filter);
      return readAudit(db, {
        clinicianId: input.clinicianId,
        fromIso: input.from ? localDayStartIso(input.from) : undefined,
        toIso: input.to ? localDayStartIso(input.to, 1) : undefined,
        beforeId: input.beforeId,
        limit: input.limit ?? 200,
      }).map(toView);
    },

    'admin.audit.verify': (_input, ctx) => {
      const report = verifyAuditChain(db);
      appendAudit(
        db,
        { actorType: 'clinician', actorId: actor(ctx), action: 'audit.verify', detail: { ...report } },
        nowIso(),
      );
      return { ...report, sentence: describeChain(report) };
    },
  };
}
