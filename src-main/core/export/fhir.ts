/**
 * HL7 FHIR R4 export of a patient's record: a collection Bundle with the Patient, one QuestionnaireResponse per intake
 * and, where the patient rated their pain now, an Observation coded LOINC 72514-3 (0-10 verbal numeric rating); and for
 * each outcome measure answered at a visit (LEFS, PSFS, PGIC) a QuestionnaireResponse with the patient's answers and
 * an Observation for its total, derived from it.
 *
 * Codes for the measure totals: LOINC has terms for patient-reported instruments, but Stride could not confirm a
 * LOINC code for the LEFS, PSFS or PGIC total against loinc.org (the candidates found in third-party code disagreed
 * with each other), and a wrong code is worse than none: a receiving system would file the score as something else.
 * So the totals carry Stride's own code (urn:stride:measure) and the measure's name as text, and a LOINC coding is
 * added to MEASURE_LOINC below only once checked against loinc.org, with the term's page cited beside it.
 */
import { inLocale } from '../content/answer-text';
import type { Measures } from '../content/measures';
import type { IntakeAnswers } from '../content/schema';
import { optionLabel, questionsById, type PatientRecord, type RecordMeasure, type RecordSession } from './record';

// Minimal structural types for what we emit; tests validate the output with @medplum/core against the R4 definitions.
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;
export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

export const PAIN_LOINC = {
  system: 'http://loinc.org',
  code: '72514-3',
  display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
} as const;
const STRIDE_SYSTEM = 'urn:stride';
/** Bundle entries need absolute fullUrls; `.invalid` is reserved, so this base can never point at a real server. */
export const FHIR_BASE = 'https://stride.invalid/fhir';

function splitName(fullName: string): { text: string; family?: string; given?: string[] } {
  const parts = fullName.trim().split(/\s+/);
  if (parts.length < 2) return { text: fullName };
  return { text: fullName, family: parts[parts.length - 1]!, given: parts.slice(0, -1) };
}

type AnswerItem = Record<string, unknown>;

function fhirAnswers(
  value: IntakeAnswers[string],
  questionType: string | undefined,
  display: (id: string) => string,
): AnswerItem[] {
  const coding = (id: string) => ({
    valueCoding: { system: `${STRIDE_SYSTEM}:option`, code: id, display: display(id) },
  });
  if (Array.isArray(value)) return value.map(coding);
  if (typeof value === 'boolean') return [{ valueBoolean: value }];
  if (typeof value === 'number') return [Number.isInteger(value) ? { valueInteger: value } : { valueDecimal: value }];
  if (typeof value === 'object') {
    const ucum = { days: 'd', weeks: 'wk', months: 'mo', years: 'a' }[value.unit];
    return [
      { valueQuantity: { value: value.value, unit: value.unit, system: 'http://unitsofmeasure.org', code: ucum } },
    ];
  }
  if (questionType === 'single') return [coding(value)];
  return value === '' ? [] : [{ valueString: value }];
}

function questionnaireResponse(session: RecordSession, patientRef: string): FhirResource {
  const questions = questionsById(session.questionnaire);
  const item = Object.entries(session.answers)
    .map(([linkId, value]) => {
      const q = questions.get(linkId);
      const answer = fhirAnswers(value, q?.type, (id) => optionLabel(q, id, session.locale));
      const entry: Record<string, unknown> = { linkId };
      const text = q ? (q.label[session.locale] ?? q.label.en) : undefined;
      if (text) entry['text'] = text;
      if (answer.length > 0) entry['answer'] = answer;
      return entry;
    })
    .filter((e) => 'answer' in e);
  return {
    resourceType: 'QuestionnaireResponse',
    id: `intake-${session.id}`,
    identifier: { system: `${STRIDE_SYSTEM}:intake`, value: String(session.id) },
    questionnaire: `${STRIDE_SYSTEM}:questionnaire|${session.contentVersion}`,
    status: 'completed',
    subject: { reference: patientRef },
    authored: session.submittedAt,
    language: session.locale,
    item,
  };
}

function painObservation(session: RecordSession, patientRef: string, responseRef: string): FhirResource | null {
  const pain = session.answers['pain_now'];
  if (typeof pain !== 'number' || !Number.isInteger(pain) || pain < 0 || pain > 10) return null;
  return {
    resourceType: 'Observation',
    id: `pain-${session.id}`,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' },
        ],
      },
    ],
    code: { coding: [{ ...PAIN_LOINC }], text: 'Pain now (0-10)' },
    subject: { reference: patientRef },
    effectiveDateTime: session.submittedAt,
    valueInteger: pain,
    derivedFrom: [{ reference: responseRef }],
  };
}

/** Measures exported with their own QuestionnaireResponse and total (pain now is in the intake's response). */
const FHIR_MEASURES = ['lefs', 'psfs', 'pgic'] as const;
type FhirMeasure = (typeof FHIR_MEASURES)[number];

/** LOINC codes for measure totals, each checked against its loinc.org page (cited here); none is confirmed yet. */
const MEASURE_LOINC: Partial<Record<FhirMeasure, { code: string; display: string }>> = {};

function measureItems(m: RecordMeasure & { measure: FhirMeasure }, measures: Measures | undefined, locale: string) {
  const text = (t: Parameters<typeof inLocale>[0] | undefined) => (t ? inLocale(t, locale) : undefined);
  const withText = (entry: Record<string, unknown>, label: string | undefined) =>
    label ? { ...entry, text: label } : entry;
  if (m.measure === 'lefs') {
    const answers = (m.items ?? {}) as Record<string, number>;
    const order = measures?.lefs.items.map((i) => i.id) ?? Object.keys(answers);
    return order.flatMap((id) => {
      const v = answers[id];
      if (typeof v !== 'number') return [];
      const item = measures?.lefs.items.find((i) => i.id === id);
      return [withText({ linkId: id, answer: [{ valueInteger: v }] }, text(item?.label))];
    });
  }
  if (m.measure === 'psfs') {
    const ratings = Array.isArray(m.items) ? (m.items as { activity: string; rating: number }[]) : [];
    // The activity is the patient's own words: it is the item's text, the rating its answer.
    return ratings.map((r, i) => ({
      linkId: `activity-${i + 1}`,
      text: r.activity,
      answer: [{ valueInteger: r.rating }],
    }));
  }
  const optionId = (m.items as { option?: string } | null)?.option ?? '';
  const option = measures?.pgic.options.find((o) => o.id === optionId);
  const coding = { system: `${STRIDE_SYSTEM}:option`, code: optionId, display: text(option?.label) ?? optionId };
  return [withText({ linkId: 'pgic', answer: [{ valueCoding: coding }] }, text(measures?.pgic.question))];
}

function measureResources(session: RecordSession, patientRef: string, measures: Measures | undefined): FhirResource[] {
  const out: FhirResource[] = [];
  for (const m of session.measures) {
    if (!(FHIR_MEASURES as readonly string[]).includes(m.measure)) continue;
    const measure = m as RecordMeasure & { measure: FhirMeasure };
    const name = measures ? inLocale(measures[measure.measure].name, session.locale) : measure.measure.toUpperCase();
    const response: FhirResource = {
      resourceType: 'QuestionnaireResponse',
      id: `${measure.measure}-${session.id}`,
      identifier: { system: `${STRIDE_SYSTEM}:measure-response`, value: `${session.id}-${measure.measure}` },
      questionnaire: `${STRIDE_SYSTEM}:measure:${measure.measure}`,
      status: 'completed',
      subject: { reference: patientRef },
      authored: session.submittedAt,
      language: session.locale,
      item: measureItems(measure, measures, session.locale),
    };
    out.push(response);
    if (m.total === null) continue; // an incomplete LEFS has no total (core/measures/scoring.ts)
    const loinc = MEASURE_LOINC[measure.measure];
    out.push({
      resourceType: 'Observation',
      id: `${measure.measure}-total-${session.id}`,
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' },
          ],
        },
      ],
      code: {
        coding: [
          ...(loinc ? [{ system: 'http://loinc.org', ...loinc }] : []),
          { system: `${STRIDE_SYSTEM}:measure`, code: measure.measure, display: name },
        ],
        text: name,
      },
      subject: { reference: patientRef },
      effectiveDateTime: session.submittedAt,
      // Observation has no valueDecimal in R4: the PSFS average (e.g. 5.5) is a Quantity with UCUM's score unit.
      ...(measure.measure === 'psfs'
        ? { valueQuantity: { value: m.total, unit: 'score', system: 'http://unitsofmeasure.org', code: '{score}' } }
        : { valueInteger: m.total }),
      derivedFrom: [{ reference: `QuestionnaireResponse/${response.id}` }],
    });
  }
  return out;
}

/** `measures` (the content) gives the measures' item and answer labels; without it they are exported without text. */
export function toFhirBundle(record: PatientRecord, measures?: Measures): FhirBundle {
  const patientId = `patient-${record.patient.id}`;
  const patientRef = `Patient/${patientId}`;
  const patient: FhirResource = {
    resourceType: 'Patient',
    id: patientId,
    identifier: [{ system: `${STRIDE_SYSTEM}:patient`, value: String(record.patient.id) }],
    name: [splitName(record.patient.fullName)],
    birthDate: record.patient.dateOfBirth,
  };
  if (record.patient.phone) patient['telecom'] = [{ system: 'phone', value: record.patient.phone }];
  const resources: FhirResource[] = [patient];
  for (const session of record.sessions) {
    const response = questionnaireResponse(session, patientRef);
    resources.push(response);
    const obs = painObservation(session, patientRef, `QuestionnaireResponse/${response.id}`);
    if (obs) resources.push(obs);
    resources.push(...measureResources(session, patientRef, measures));
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: record.exportedAt,
    entry: resources.map((resource) => ({ fullUrl: `${FHIR_BASE}/${resource.resourceType}/${resource.id}`, resource })),
  };
}
