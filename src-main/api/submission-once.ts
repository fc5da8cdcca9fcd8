/**
 * A submission id is stored once: a retry with the same id and the same content gets the first receipt back; the same
 * id with different content is a station bug and is refused rather than silently dropped or stored twice.
 */
import { createHash } from 'node:crypto';
import type { ClinicStore } from '../store/clinic-store';
import { ApiError } from './errors';
import type { IntakeSubmission } from './schemas';
import type { SubmitReceipt } from './types';

/** SHA-256 of what was submitted, without the id itself. */
export function submissionHash(input: IntakeSubmission): string {
  const { submissionId: _id, ...content } = input;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The receipt a submission id already produced, or null when the id is new. */
export async function priorReceipt(
  store: Pick<ClinicStore, 'findSubmission'>,
  submissionId: string,
  hash: string,
): Promise<SubmitReceipt | null> {
  const row = await store.findSubmission(submissionId);
  if (!row) return null;
  if (row.payload_sha256 !== hash)
    throw new ApiError('conflict', 'This submission id was already used for a different intake.');
  return { checkInCode: row.check_in_code, seeFrontDesk: (JSON.parse(row.red_flag_ids) as unknown[]).length > 0 };
}
