/** Which session a station-made submission id made (see migration 005). */
import { prepared, type Db } from './db';

export interface SubmissionRow {
  session_id: number;
  payload_sha256: string;
  check_in_code: string;
  red_flag_ids: string;
}

/** The session a submission id made, with what its receipt needs. */
export function findSubmission(db: Db, submissionId: string): SubmissionRow | undefined {
  return prepared(
    db,
    `SELECT s.session_id, s.payload_sha256, i.check_in_code, i.red_flag_ids
       FROM submissions s JOIN intake_sessions i ON i.id = s.session_id WHERE s.submission_id = ?`,
  ).get(submissionId) as SubmissionRow | undefined;
}

export function recordSubmission(
  db: Db,
  submissionId: string,
  sessionId: number,
  payloadSha256: string,
  nowIso: string,
): void {
  prepared(
    db,
    'INSERT INTO submissions (submission_id, session_id, payload_sha256, received_at) VALUES (?, ?, ?, ?)',
  ).run(submissionId, sessionId, payloadSha256, nowIso);
}
