/**
 * Which clinician is unlocked on which staff window, held in the main process only. A window idle for longer than the
 * auto-lock time is locked on its next call.
 */
import type { Clock } from '../core/clock';
import type { Caller, UnlockGate } from './dispatch';
import type { ClinicianSummary } from './types';

export const DEFAULT_AUTO_LOCK_MS = 5 * 60_000;

export class StaffSessions implements UnlockGate {
  /** `pinHash`: the PIN a window was unlocked with, so a hub that missed a change of PIN can tell (access-notices). */
  private readonly unlocked = new Map<string, { clinician: ClinicianSummary; pinHash: string; lastActive: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly autoLockMs: () => number = () => DEFAULT_AUTO_LOCK_MS,
  ) {}

  unlock(caller: Caller, clinician: ClinicianSummary, pinHash: string): void {
    if (caller.channel !== 'staff') return;
    this.unlocked.set(caller.key, { clinician, pinHash, lastActive: this.clock.now().getTime() });
  }

  /** A clinician who changed their own PIN keeps their windows, now known by the new PIN. */
  keepAfterOwnPinChange(clinicianId: number, pinHash: string): void {
    for (const s of this.unlocked.values()) if (s.clinician.id === clinicianId) s.pinHash = pinHash;
  }

  lock(caller: Caller): void {
    this.unlocked.delete(caller.key);
  }

  /** A disabled clinician loses every window at once. */
  lockClinician(clinicianId: number): void {
    for (const [key, s] of this.unlocked) if (s.clinician.id === clinicianId) this.unlocked.delete(key);
  }

  /** The clinicians with a window unlocked here and the PINs they unlocked with (to check again after a gap). */
  unlockedWith(): { clinicianId: number; pinHash: string }[] {
    return [...this.unlocked.values()].map((s) => ({ clinicianId: s.clinician.id, pinHash: s.pinHash }));
  }

  clinicianFor(caller: Caller): ClinicianSummary | null {
    if (caller.channel !== 'staff') return null;
    const s = this.unlocked.get(caller.key);
    if (!s) return null;
    const now = this.clock.now().getTime();
    if (now - s.lastActive > this.autoLockMs()) {
      this.unlocked.delete(caller.key);
      return null;
    }
    s.lastActive = now;
    return s.clinician;
  }
}
