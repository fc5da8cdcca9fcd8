/**
 * The contract between the renderer and the core: every method, its input schema, its result type and who may call it.
 * Transports (IPC, web shell) bind exactly this table; a method missing here cannot be called at all.
 */
import type { z } from 'zod';
import type { Access } from './methods/define';
import { intakeMethods } from './methods/intake';
import { staffMethods } from './methods/staff';
import { clinicalMethods } from './methods/clinical';
import { recordsMethods } from './methods/records';
import { handoutMethods } from './methods/handouts';
import { adminMethods } from './methods/admin';
import { deviceMethods } from './methods/devices';
import { machineMethods } from './methods/machine';

/** Which window a call came from. The kiosk window can never become a staff window. */
export type Channel = 'kiosk' | 'staff';
export type { ClinicianRole } from '../core/clinic';
export type { Access, MethodSpec } from './methods/define';
export { method } from './methods/define';

export const contract = {
  ...intakeMethods,
  ...staffMethods,
  ...clinicalMethods,
  ...recordsMethods,
  ...handoutMethods,
  ...adminMethods,
  ...deviceMethods,
  ...machineMethods,
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
  | { type: 'alert.urgent'; sessionId: number; urgency: 'emergency' | 'same-day'; checkInCode: string }
  /**
   * Staff held the kiosk's hidden corner: on a one-screen machine the desktop shell brings the (locked) staff screen
   * up.
   */
  | { type: 'kiosk.staffRequested' }
  /**
   * A write to the database failed (disk full, file turned read-only, I/O error): staff must know at once, since
   * intakes are not being saved. The kiosk keeps the patient's answers and sends them to the front desk.
   */
  | { type: 'storage.failed'; problem: StorageProblem };

/** `damaged`: the background quick_check of a large database (store/integrity.ts) found it damaged. */
export type StorageProblem = 'full' | 'read-only' | 'io' | 'damaged';
