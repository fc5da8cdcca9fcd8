/**
 * The contract between the renderer and the core: every method, its input schema, its result type and who may call it.
 * Transports (IPC, web shell) bind exactly this table; a method missing here cannot be called at all.
 */
import { z } from 'zod';
import {
  emptySchema,
  fullNameSchema,
  idSchema,
  intakeSubmissionSchema,
  isoDateSchema,
  localeSchema,
  pinSchema,
} from './schemas';
import type { ClinicianSummary, IntakeForm, QueueItem, SessionDetail, StaffStatus, SubmitReceipt } from './types';

/** Which window a call came from. The kiosk window can never become a staff window. */
export type Channel = 'kiosk' | 'staff';
export type ClinicianRole = 'clinician' | 'admin';

/**
 * kiosk: only the kiosk channel.
 * staff-open: the staff channel before unlocking (setup, unlock screen).
 * clinician: the staff channel with an unlocked clinician.
 * admin: the staff channel with an unlocked admin.
 */
export type Access = 'kiosk' | 'staff-open' | 'clinician' | 'admin';

export interface MethodSpec<I extends z.ZodType, O> {
  access: Access;
  input: I;
  /** Phantom: carries the result type for the typed client. */
  readonly result?: O;
}

function method<O>() {
  return <I extends z.ZodType>(access: Access, input: I): MethodSpec<I, O> => ({ access, input });
}

export const contract = {
  'intake.form': method<IntakeForm>()('kiosk', z.object({ locale: localeSchema.optional() }).strict()),
  'intake.submit': method<SubmitReceipt>()('kiosk', intakeSubmissionSchema),

  'staff.status': method<StaffStatus>()('staff-open', emptySchema),
  'staff.setup': method<ClinicianSummary>()(
    'staff-open',
    z.object({ name: fullNameSchema, pin: pinSchema }).strict(),
  ),
  'staff.unlock': method<ClinicianSummary>()('staff-open', z.object({ clinicianId: idSchema, pin: pinSchema }).strict()),
  'staff.lock': method<{ locked: true }>()('staff-open', emptySchema),

  'queue.list': method<QueueItem[]>()('clinician', z.object({ date: isoDateSchema.optional() }).strict()),
  'session.open': method<SessionDetail>()('clinician', z.object({ sessionId: idSchema }).strict()),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = NonNullable<Contract[M]['result']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Whether a channel may even ask for a method (unlock state is checked later, by the dispatcher). */
export function channelMayCall(channel: Channel, access: Access): boolean {
  return access === 'kiosk' ? channel === 'kiosk' : channel === 'staff';
}

/** Pushed from the core to staff windows: no patient names, so a locked screen may show them. */
export type StaffEvent =
  | { type: 'queue.changed' }
  | { type: 'alert.urgent'; sessionId: number; urgency: 'emergency' | 'same-day'; checkInCode: string };
