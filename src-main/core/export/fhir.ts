/**
 * HL7 FHIR R4 export of a patient's record: a collection Bundle with the Patient, one QuestionnaireResponse per intake
 * and, where the patient rated their pain now, an Observation coded LOINC 72514-3 (0-10 verbal numeric rating).
 */
import type { IntakeAnswers } from '../content/schema';
import { optionLabel, questionsById, type PatientRecord, type RecordSession } from './record';

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

export function toFhirBundle(record: PatientRecord): FhirBundle {
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
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: record.exportedAt,
    entry: resources.map((resource) => ({ fullUrl: `${FHIR_BASE}/${resource.resourceType}/${resource.id}`, resource })),
  };
}
