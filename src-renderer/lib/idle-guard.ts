/**
 * Idle guard for the kiosk: after `idleMs` without a touch or key it asks "Are you still there?" and counts
 * down; when the countdown ends it expires (the kiosk wipes itself). Any activity before the prompt restarts
 * the wait; during the prompt only `stillHere()` (the prompt's button) does, so a stray touch elsewhere on the
 * screen does not hide the question.
 */
export interface IdleGuardOptions {
  idleMs: number;
  countdownSeconds: number;
  onPrompt(secondsLeft: number): void;
  onTick(secondsLeft: number): void;
  onExpire(): void;
  onResume(): void;
}

export class IdleGuard {
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private secondsLeft = 0;
  private running = false;

  constructor(private readonly options: IdleGuardOptions) {}

  get prompting(): boolean {
    return this.tickTimer !== null;
  }

  start(): void {
    this.running = true;
    this.clear();
    this.idleTimer = setTimeout(() => this.prompt(), this.options.idleMs);
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** A touch or key press: restarts the wait unless the prompt is showing. */
  activity(): void {
    if (this.running && !this.prompting) this.start();
  }

  stillHere(): void {
    if (!this.running) return;
    this.start();
    this.options.onResume();
  }

  private prompt(): void {
    this.idleTimer = null;
    this.secondsLeft = this.options.countdownSeconds;
    this.options.onPrompt(this.secondsLeft);
    this.tickTimer = setInterval(() => {
      this.secondsLeft -= 1;
      if (this.secondsLeft <= 0) {
        this.stop();
        this.options.onExpire();
      } else {
        this.options.onTick(this.secondsLeft);
      }
    }, 1000);
  }

  private clear(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.idleTimer = null;
    this.tickTimer = null;
  }
}
