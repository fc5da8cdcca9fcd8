/**
 * Numbered, forward-only migrations. `user_version` records the last one applied; each runs in its own transaction.
 * Never edit a released migration: add the next number.
 */
import type Database from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m002ClinicianArea } from './002-clinician-area';
import { m003Handouts } from './003-handouts';
import { m004Devices } from './004-devices';
import { m005SubmissionIds } from './005-submission-ids';
import { m006DevicePinLockout } from './006-device-pin-lockout';
import { m007QuestionnaireVersions } from './007-questionnaire-versions';
import { m008CheckInCodeIndex } from './008-check-in-code-index';
import { m009AmendmentReasons } from './009-amendment-reasons';
import { m010Trust } from './010-trust';
import { m011Outcomes } from './011-outcomes';
import { m012PatientSearch } from './012-patient-search';
import { m013TriageByReference } from './013-triage-by-reference';
import { m014CompactIndexes } from './014-compact-indexes';
import { m015HandoutPdfs } from './015-handout-pdfs';
import { m016HeldIntakes } from './016-held-intakes';
import { m017HeldExpiredOnDevices } from './017-held-expired-on-devices';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  m001Initial,
  m002ClinicianArea,
  m003Handouts,
  m004Devices,
  m005SubmissionIds,
  m006DevicePinLockout,
  m007QuestionnaireVersions,
  m008CheckInCodeIndex,
  m009AmendmentReasons,
  m010Trust,
  m011Outcomes,
  m012PatientSearch,
  m013TriageByReference,
  m014CompactIndexes,
  m015HandoutPdfs,
  m016HeldIntakes,
  m017HeldExpiredOnDevices,
];

export const LATEST_SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version));
