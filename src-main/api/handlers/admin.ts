/** Administrators: add, disable and re-PIN clinicians; clinic settings; reading the audit log. */
import type { AuditRow } from '../../store/audit-read';
import { describeChain } from '../../store/audit-chain';
import { createReadAudit } from '../read-audit';
import type { ClinicianAdminRow } from '../../store/clinicians';
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
  store,
  settings,
  clock,
  staffSessions,
  coreEvents,
  locales,
}: ServiceDeps): HandlersFor<typeof adminMethods> {
  const withLanguages = (s: Settings): Settings => ({ ...s, languages: s.languages ?? localeCodes(locales) });
  const nowIso = () => clock.now().toISOString();
  const readAuditOnce = createReadAudit(clock);
  const actor = (ctx: CallContext): number => signedInClinician(ctx).id;
  const reread = async (id: number): Promise<ClinicianAdmin> => {
    const row = (await store.listAllClinicians()).find((c) => c.id === id);
    if (!row) throw new ApiError('not_found', 'There is no such clinician.');
    return toAdmin(row);
  };

  return {
    'admin.clinicians.list': async (_input, ctx) => {
      await readAuditOnce(store, actor(ctx), 'clinicians.read', '');
      return (await store.listAllClinicians()).map(toAdmin);
    },

    'admin.clinicians.add': async (input, ctx) => {
      const actorId = actor(ctx);
      requireGoodPin(input.pin, input.role);
      const { hash, salt } = hashPin(input.pin);
      const id = await store.addClinician(
        { name: input.name, role: input.role, pinHash: hash, pinSalt: salt },
        nowIso(),
        { actorType: 'clinician', actorId, action: 'clinician.add', detail: { role: input.role } },
      );
      return reread(id);
    },

    'admin.clinicians.setDisabled': async (input, ctx) => {
      const actorId = actor(ctx);
      if (input.disabled && input.clinicianId === actorId)
        throw new ApiError('conflict', 'You cannot disable your own account.');
      const outcome = await store.setClinicianDisabled({
        clinicianId: input.clinicianId,
        disabled: input.disabled,
        actorId,
        atIso: nowIso(),
      });
      if (outcome === 'not-found') throw new ApiError('not_found', 'There is no such clinician.');
      if (outcome === 'last-admin') throw new ApiError('conflict', 'Stride needs at least one active administrator.');
      // A disabled clinician loses every open window at once.
      if (input.disabled) staffSessions.lockClinician(input.clinicianId);
      return reread(input.clinicianId);
    },

    'admin.clinicians.resetPin': async (input, ctx) => {
      const actorId = actor(ctx);
      const target = await store.getClinician(input.clinicianId);
      if (!target) throw new ApiError('not_found', 'There is no such clinician.');
      requireGoodPin(input.pin, target.role);
      const { hash, salt } = hashPin(input.pin);
      await store.resetClinicianPin({
        clinicianId: input.clinicianId,
        pinHash: hash,
        pinSalt: salt,
        actorId,
        atIso: nowIso(),
      });
      // Whoever knew the old PIN on an unlocked window must unlock again.
      if (input.clinicianId !== actorId) staffSessions.lockClinician(input.clinicianId);
      else staffSessions.keepAfterOwnPinChange(actorId, hash);
      return reread(input.clinicianId);
    },

    // A clinic that never chose its languages is offered every one Stride has: the screen shows them all ticked.
    // Read from the store, not the cache: the administrator sees what is saved, also a moment after another hub saved.
    'admin.settings.get': async () => withLanguages(await store.readSettings()),

    'admin.settings.update': async (input, ctx) => {
      const actorId = actor(ctx);
      const chosen = input.settings.languages ?? [];
      requireLanguages(
        locales,
        chosen.map((code, i) => ({ path: `settings.languages.${i}`, code })),
      );
      const { after } = await settings.write(input.settings, {
        atIso: nowIso(),
        entry: (before, changed) => ({
          actorType: 'clinician',
          actorId,
          action: 'settings.update',
          detail: { changed: changedKeys(before, changed) },
        }),
      });
      const saved = withLanguages(after);
      // Only once committed: the shell applies it at once (the kiosk window moves to its display).
      coreEvents.emit({ type: 'settings.changed', settings: saved });
      return saved;
    },

    'admin.audit.list': async (input, ctx) => {
      // Reading the log is itself recorded, per filter (paging through one filter is one read).
      const filter = { clinicianId: input.clinicianId ?? null, from: input.from ?? null, to: input.to ?? null };
      await readAuditOnce(store, actor(ctx), 'audit.read', JSON.stringify(filter), filter);
      const rows = await store.readAudit({
        clinicianId: input.clinicianId,
        fromIso: input.from ? localDayStartIso(input.from) : undefined,
        toIso: input.to ? localDayStartIso(input.to, 1) : undefined,
        beforeId: input.beforeId,
        limit: input.limit ?? 200,
      });
      return rows.map(toView);
    },

    'admin.audit.verify': async (_input, ctx) => {
      const report = await store.verifyAudit();
      await store.appendAudit(
        { actorType: 'clinician', actorId: actor(ctx), action: 'audit.verify', detail: { ...report } },
        nowIso(),
      );
      return { ...report, sentence: describeChain(report) };
    },
  };
}
