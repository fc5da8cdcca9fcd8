/** Who is calling a clinician or admin method. */
import { ApiError } from '../errors';
import type { CallContext } from '../dispatch';
import type { ClinicianSummary } from '../types';

/** The dispatcher lets only an unlocked clinician call these methods; this keeps the type honest. */
export function signedInClinician(ctx: CallContext): ClinicianSummary {
  if (!ctx.clinician) throw new ApiError('locked', 'Unlock with your PIN first.');
  return ctx.clinician;
}
