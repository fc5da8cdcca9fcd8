/**
 * What the core tells the shell that hosts it, so the shell reacts to what happened rather than to which method was
 * called: a settings change moves the kiosk window, a staff lock on a one-screen machine hands the screen back to the
 * kiosk. Emitted by the handler that caused it, only after its change is committed. Never relayed to a window: what
 * staff screens see is the StaffEvent stream (events.ts), which is part of the contract.
 */
import type { MethodResult } from './contract';
import type { Caller } from './dispatch';
import { EventBus } from './events';

export type CoreEvent =
  /** Clinic settings were saved (admin.settings.update): the settings now in force. */
  | { type: 'settings.changed'; settings: MethodResult<'admin.settings.update'> }
  /** A staff window locked itself (staff.lock). */
  | { type: 'staff.locked'; caller: Caller }
  /** Staff held the kiosk's hidden corner (kiosk.summonStaff): a one-screen machine brings the staff window up. */
  | { type: 'staff.requested' }
  /** A paired device lost its credential (devices.revoke): the hub closes its connections at once. */
  | { type: 'device.revoked'; deviceId: number };

export class CoreEvents extends EventBus<CoreEvent> {}
