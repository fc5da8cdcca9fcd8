/** Clinician methods: need an unlocked clinician on a staff window. */
import { z } from 'zod';
import { method } from './define';
import { IDENTITY_DECISIONS, SESSION_STATUSES, type PatientField } from '../../core/clinic';
import { NAME_MAX_LENGTH } from '../../core/vocabulary';
import { dateOfBirthSchema, emptySchema, idSchema, isoDateSchema, personText, phoneSchema } from '../schemas';
import { AMEND_REASON_MAX_LENGTH, assessmentNoteSchema } from '../assessment';
import type {
  AssessmentVersion,
  IdentityResolution,
  ClinicInfo,
  PatientDetails,
  PatientHistory,
  PatientHit,
  QueueItem,
  SessionDetail,
  SessionStatus,
} from '../types';

export const clinicalMethods = {
  'queue.list': method<QueueItem[]>()('clinician', z.object({ date: isoDateSchema.optional() }).strict()),
  'session.open': method<SessionDetail>()('clinician', z.object({ sessionId: idSchema }).strict()),
  'session.setStatus': method<{ sessionId: number; status: SessionStatus }>()(
    'clinician',
    z.object({ sessionId: idSchema, status: z.enum(SESSION_STATUSES) }).strict(),
  ),
  /**
   * A session the kiosk matched to a patient by name and birth date: the clinician confirms it is the same person
   * (optionally taking the phone typed at the kiosk onto the record), picks another record with the same name and
   * birth date (`patientId`, one of the session's `namesakes`), or says it is someone else (a new record).
   */
  'session.resolveIdentity': method<IdentityResolution>()(
    'clinician',
    z
      .object({
        sessionId: idSchema,
        decision: z.enum(IDENTITY_DECISIONS),
        patientId: idSchema.optional(),
        usePhone: z.boolean().default(false),
      })
      .strict()
      .refine((s) => !(s.decision === 'different-person' && s.usePhone), {
        message: 'The kiosk phone goes with a new record by itself.',
        path: ['usePhone'],
      })
      .refine(
        (s) => (s.decision === 'other-record' || s.decision === 'returning-record') === (s.patientId !== undefined),
        {
          message: 'Name the record (patientId) with "other-record" or "returning-record", and only then.',
          path: ['patientId'],
        },
      ),
  ),
  'alert.acknowledge': method<{ acknowledged: true }>()('clinician', z.object({ sessionId: idSchema }).strict()),
  'clinic.info': method<ClinicInfo>()('clinician', emptySchema),
  'patient.search': method<PatientHit[]>()(
    'clinician',
    z
      .object({ name: personText(120).optional(), dateOfBirth: isoDateSchema.optional() })
      .strict()
      // `name`: part of a name, a phone number or a check-in code (store/search.ts tells which it can be).
      .refine((q) => !!q.name || !!q.dateOfBirth, 'Type part of a name, a phone number or a check-in code.'),
  ),
  'patient.history': method<PatientHistory>()('clinician', z.object({ patientId: idSchema }).strict()),
  /**
   * A correction of the record's details (a misspelt name, a birth date typed wrong at the kiosk, a new phone): all
   * three as the form shows them, phone null for none. Audited by field name; visits stay as they were answered.
   */
  'patient.update': method<PatientDetails & { changed: PatientField[] }>()(
    'clinician',
    z
      .object({
        patientId: idSchema,
        fullName: personText(NAME_MAX_LENGTH).pipe(z.string().min(1, "Enter the patient's name.")),
        dateOfBirth: dateOfBirthSchema,
        phone: phoneSchema.nullable(),
      })
      .strict(),
  ),
  'assessment.list': method<AssessmentVersion[]>()('clinician', z.object({ sessionId: idSchema }).strict()),
  /** previousId null: the first version; otherwise an amendment of that (latest) version, with its reason. */
  'assessment.save': method<AssessmentVersion>()(
    'clinician',
    z
      .object({
        sessionId: idSchema,
        previousId: idSchema.nullable(),
        note: assessmentNoteSchema,
        reason: personText(AMEND_REASON_MAX_LENGTH).optional(),
      })
      .strict()
      .refine((s) => s.previousId === null || !!s.reason, {
        message: 'Say why you are amending the assessment.',
        path: ['reason'],
      })
      .refine((s) => s.previousId !== null || !s.reason, {
        message: 'Only an amendment has a reason.',
        path: ['reason'],
      }),
  ),
} as const;
