/**
 * A tiny synchronous event bus, and the staff stream built on it: events pushed to staff windows (new intake, urgent
 * alert). What the core tells its shell alone (settings changed, staff locked) is a separate bus: core-events.ts.
 */
import type { StaffEvent } from './contract';

export class EventBus<E> {
  private readonly listeners = new Set<(event: E) => void>();

  /** `onListenerError` hears a listener's exception; the other listeners are still called. */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  subscribe(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        // A broken window must not stop the others from hearing about an urgent patient.
        this.onListenerError(e);
      }
    }
  }
}

export type StaffEventListener = (event: StaffEvent) => void;

export class StaffEvents extends EventBus<StaffEvent> {}
