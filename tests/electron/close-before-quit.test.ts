/** Quitting holds until the core (a PostgreSQL pool) has closed, once, and never hangs on a close that hangs. */
import { describe, expect, it } from 'vitest';
import { closeBeforeQuit, type QuittingApp } from '../../src-main/electron/close-before-quit';

function fakeApp() {
  const listeners: ((e: { preventDefault(): void }) => void)[] = [];
  const exits: number[] = [];
  let prevented = 0;
  const app: QuittingApp = {
    on: (_event, l) => listeners.push(l),
    exit: (code = 0) => void exits.push(code),
  };
  const quit = () => {
    for (const l of listeners) l({ preventDefault: () => void prevented++ });
  };
  return { app, exits, quit, prevented: () => prevented };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('closeBeforeQuit', () => {
  it('holds the quit until the close has finished, then exits once', async () => {
    const f = fakeApp();
    let finish!: () => void;
    const closing = new Promise<void>((r) => (finish = r));
    closeBeforeQuit(
      f.app,
      () => closing,
      () => undefined,
    );
    f.quit();
    expect(f.prevented()).toBe(1);
    await tick(10);
    expect(f.exits).toEqual([]);
    finish();
    await tick();
    expect(f.exits).toEqual([0]);
    // app.exit's own will-quit (or a second quit) passes straight through.
    f.quit();
    expect(f.prevented()).toBe(1);
  });

  it('exits after a failed close, with the failure reported', async () => {
    const f = fakeApp();
    const errors: unknown[] = [];
    closeBeforeQuit(
      f.app,
      () => Promise.reject(new Error('pool ended twice')),
      (e) => errors.push(e),
    );
    f.quit();
    await tick();
    expect(f.exits).toEqual([0]);
    expect(String(errors[0])).toMatch(/pool ended twice/);
  });

  it('gives up on a close that hangs after the bound', async () => {
    const f = fakeApp();
    closeBeforeQuit(
      f.app,
      () => new Promise(() => undefined),
      () => undefined,
      30,
    );
    f.quit();
    await tick(5);
    expect(f.exits).toEqual([]);
    await tick(60);
    expect(f.exits).toEqual([0]);
  });
});
