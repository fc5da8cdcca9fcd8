/**
 * Quitting waits for what must close cleanly: a core on PostgreSQL ends its connection pool asynchronously, and a
 * station backend its hub streams. Electron's `will-quit` does not await its listeners, so the first one holds the
 * quit (preventDefault), closes, then exits; a close that hangs (an unreachable server) is given up after a bound.
 * Structural types, so the decision is tested under Node with a fake app (tests/electron/close-before-quit.test.ts).
 */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code?: number): void;
}

export const CLOSE_BEFORE_QUIT_MS = 5_000;

export function closeBeforeQuit(
  app: QuittingApp,
  close: () => void | Promise<unknown>,
  onError: (e: unknown) => void,
  boundMs = CLOSE_BEFORE_QUIT_MS,
): void {
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, boundMs)));
    const closed = Promise.resolve()
      .then(close)
      .catch((e: unknown) => onError(e));
    void Promise.race([closed, bound]).finally(() => {
      clearTimeout(timer);
      app.exit(0);
    });
  });
}
