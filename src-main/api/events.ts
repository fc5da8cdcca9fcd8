/** Events pushed to staff windows (new intake, urgent alert): a tiny synchronous bus. */
import type { StaffEvent } from './contract';

export type StaffEventListener = (event: StaffEvent) => void;

export class StaffEvents {
  private readonly listeners = new Set<StaffEventListener>();

  subscribe(listener: StaffEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StaffEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken window must not stop the others from hearing about an urgent patient.
      }
    }
  }
}
