/**
 * The audit log in sentences for the administrator: who did what to which record, with the detail that matters,
 * instead of method codes. An action this list does not know still reads as a sentence, with its code.
 */
import type { AuditEntryView } from '../../../src-main/api/types';
import { changedWords } from '../patient-details';

const s = (n: unknown, one: string, many = `${one}s`) => `${String(n)} ${Number(n) === 1 ? one : many}`;
const ordinal = (n: unknown) => {
  const k = Number(n);
  const teen = k % 100 >= 11 && k % 100 <= 13;
  return `${k}${teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th')}`;
};

export function auditActor(r: AuditEntryView): string {
  if (r.actorType === 'kiosk') return 'The kiosk';
  if (r.actorType === 'system') return 'Stride';
  return r.actorName ?? `Clinician #${String(r.actorId)}`;
}

function record(r: AuditEntryView): string {
  if (!r.targetType) return '';
  const names: Record<string, string> = {
    session: 'intake',
    patient: 'patient',
    clinician: 'clinician',
    device: 'device',
  };
  return `${names[r.targetType] ?? r.targetType} #${String(r.targetId)}`;
}

type Phrase = (d: Record<string, unknown>, target: string) => string;

/** "patients #3, #7" from an audit detail's patientIds. */
const patients = (d: Record<string, unknown>) =>
  `patients ${Array.isArray(d['patientIds']) ? d['patientIds'].map((id) => `#${String(id)}`).join(', ') : ''}`;

const PHRASES: Record<string, Phrase> = {
  'intake.submit': (_d, t) => `sent in ${t}`,
  'kiosk.summonStaff': () => 'asked for staff',
  'kiosk.heldExpired': (d, t) => {
    const n = Number(d['count']);
    const since = typeof d['oldestHeldAt'] === 'string' ? ` (the oldest since ${d['oldestHeldAt'].slice(0, 10)})` : '';
    const which = t ? `(${t}) ` : '';
    return `${which}deleted ${n === 1 ? 'an intake' : `${n} intakes`} it could not deliver within 30 days${since}`;
  },
  'session.open': (_d, t) => `opened ${t}`,
  'session.status': (d, t) => `marked ${t} as ${String(d['status'] ?? d['to'] ?? 'changed')}`,
  'alert.acknowledge': (_d, t) => `acknowledged the urgent alert for ${t}`,
  'identity.confirm': (d, t) => `confirmed that ${t} is patient #${String(d['patientId'])}`,
  'identity.differentPerson': (d, t) =>
    `said ${t} is not patient #${String(d['fromPatientId'])}: moved to new patient #${String(d['toPatientId'])}`,
  'identity.otherRecord': (d, t) =>
    `said ${t} is not patient #${String(d['fromPatientId'])}: moved to namesake patient #${String(d['toPatientId'])}`,
  'identity.namesakes': (d, t) => `was shown the records sharing the name and birth date of ${t} (${patients(d)})`,
  'identity.returningRecord': (d, t) =>
    `moved ${t}, a returning patient with no record found, from new patient #${String(d['fromPatientId'])} ` +
    `to their record, patient #${String(d['toPatientId'])}`,
  'identity.bornThatDay': (d, t) =>
    `was shown the other patients born on the day given in ${t}, a returning patient with no record (${patients(d)})`,
  'patient.create': (d, t) => `made a new record, ${t}, for intake #${String(d['fromSession'])}`,
  'patient.update': (d, t) => {
    const fields = changedWords(Array.isArray(d['fields']) ? d['fields'] : []);
    // A phone taken from an intake says which; a correction on the patient's page has no intake.
    const from = d['fromSession'] === undefined ? '' : ` (from intake #${String(d['fromSession'])})`;
    return `changed the ${fields} of ${t}${from}`;
  },
  'assessment.create': (_d, t) => `recorded an assessment for ${t}`,
  'assessment.amend': (_d, t) => `amended the assessment for ${t}`,
  'assessment.read': (_d, t) => `read the assessment notes of ${t}`,
  'patient.search': (d) =>
    `searched for patients${d['byDateOfBirth'] ? ' by date of birth' : ''} (${s(d['results'], 'result')})`,
  'patient.history': (_d, t) => `viewed the history of ${t}`,
  'queue.read': (d) => `looked at the queue of ${String(d['date'])} (${s(d['entries'], 'intake')})`,
  'audit.read': () => 'read the audit log',
  'audit.verify': (d) =>
    d['ok'] ? 'checked the audit log: intact' : `checked the audit log: broken at entry ${String(d['brokenAtId'])}`,
  'clinicians.read': () => 'looked at the staff list',
  'staff.setup': () => 'set up Stride as its first administrator',
  'staff.unlock': () => 'unlocked a staff screen',
  'staff.unlock.failed': (d, t) => {
    const where = d['deviceId'] ? `, on device #${String(d['deviceId'])}` : '';
    return `refused a wrong PIN for ${t} (${ordinal(d['failed'])} in a row there${where})`;
  },
  'staff.recover.failed': (_d, t) => `refused a wrong recovery code for ${t}`,
  'staff.recover': () => 'set a new administrator PIN with the recovery code',
  'staff.lock': () => 'locked a staff screen',
  'clinician.add': (d, t) => `added ${t} as ${String(d['role'] ?? 'clinician')}`,
  'clinician.disable': (_d, t) => `disabled ${t}`,
  'clinician.enable': (_d, t) => `re-enabled ${t}`,
  'clinician.resetPin': (_d, t) => `reset the PIN of ${t}`,
  'settings.update': (d) =>
    `changed the settings${Array.isArray(d['changed']) && d['changed'].length ? ` (${d['changed'].join(', ')})` : ''}`,
  'machine.database': (d) =>
    d['engine'] === 'postgres'
      ? `set this hub to keep the clinic's data in the PostgreSQL server ${String(d['server'])} from its next start`
      : "set this hub to keep the clinic's data in its own database (SQLite) from its next start",
  'records.backup': (d) => `took a backup (${String(d['name'])})`,
  'records.restore': (d) => `restored the backup ${String(d['backup'])}; the previous database was kept aside`,
  'records.restore.replaced': (d) => `replaced this database with the backup ${String(d['backup'])}`,
  'records.restore.failed': (d) => `tried to restore ${String(d['backup'])}, which failed; nothing was changed`,
  'records.recover': (d) =>
    `recovered the clinic from the backup ${String(d['backup'])} (the database was ${String(d['reason'])})`,
  'records.retention': (d) => `set records to be kept for ${s(d['recordsYears'], 'year')}`,
  'records.purge': (d) => `purged expired records (${s(d['sessions'], 'visit')}, ${s(d['patients'], 'patient')})`,
  'records.export': (d, t) => `exported the record of ${t} (${s(d['sessions'], 'visit')})`,
  'file.save': (d) =>
    d['saved']
      ? `saved a copy of ${String(d['fileName'])} from the desktop app`
      : `cancelled saving ${String(d['fileName'])}`,
  'handout.generate': (d, t) => `made a handout for ${t} (${s(d['exercises'], 'exercise')})`,
  'handout.download': (_d, t) => `downloaded a handout of ${t}`,
  'handout.print': (_d, t) => `printed a handout of ${t}`,
  'handout.reopen': (d, t) => `reopened handout ${String(d['handoutId'] ?? '')} of ${t} as the start of a new version`,
  'device.pair.start': (d) => `made a pairing code for a new ${String(d['role'] ?? 'staff')} device`,
  'device.pair': (_d, t) => `paired ${t}`,
  'device.pair.refused': () => 'refused a wrong or used pairing code',
  'device.pair.limited': () => 'paused pairing after too many wrong codes from one address',
  'device.refused': () => 'refused a revoked or unknown device',
  'handout.suggest': (_d, t) => `suggested a handout for ${t}`,
  'handout.template.apply': (_d, t) => `applied a handout template to ${t}`,
  'handout.template.save': () => 'saved a handout template',
  'handout.template.replace': () => 'replaced a handout template',
  'device.revoke': (_d, t) => `revoked ${t}`,
  'device.heldExpired.acknowledge': (d, t) => {
    const n = Number(d['count']);
    return `noted that ${t} had deleted ${n === 1 ? 'an intake' : `${n} intakes`} it could not deliver`;
  },
};

/** "Amara Okafor opened intake #12." */
export function auditSentence(r: AuditEntryView): string {
  const phrase = PHRASES[r.action];
  const target = record(r);
  const what = phrase ? phrase(r.detail ?? {}, target) : `did “${r.action}”${target ? ` on ${target}` : ''}`;
  return `${auditActor(r)} ${what}.`;
}
