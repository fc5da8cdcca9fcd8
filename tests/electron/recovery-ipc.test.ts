/** The desktop recovery window's IPC: heard only from that window's main frame on our origin; restores start Stride. */
import { describe, expect, it, vi } from 'vitest';
import { IPC_RECOVERY_RESTORE, IPC_RECOVERY_STATUS, type RecoveryOutcome } from '../../src-main/api/bridge';
import type { RecoverySession } from '../../src-main/api/recovery-session';
import { bindRecoveryIpc } from '../../src-main/electron/recovery-ipc';
import type { InvokeEventLike, IpcMainLike } from '../../src-main/electron/ipc';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  call(channel: string, event: InvokeEventLike, arg?: unknown): Promise<unknown> {
    return this.handlers.get(channel)!(event, arg);
  }
}

const from = (id: number, url = 'app://stride/recovery.html', parent: unknown = null): InvokeEventLike => ({
  sender: { id },
  senderFrame: { url, parent },
});

/** A stand-in session: the decisions themselves are tested in tests/api/recovery-session.test.ts. */
function fakeSession(outcome: RecoveryOutcome): RecoverySession & { attempts: unknown[] } {
  const attempts: unknown[] = [];
  return {
    attempts,
    status: () => ({ problem: 'damaged', backup: null, admins: [], done: false }),
    attempt: (request) => (attempts.push(request), outcome),
  };
}

function bind(outcome: RecoveryOutcome) {
  const ipc = new FakeIpcMain();
  const session = fakeSession(outcome);
  const onRecovered = vi.fn(async () => undefined);
  const dispose = bindRecoveryIpc(ipc, { session, windowId: () => 7, onRecovered });
  return { ipc, session, onRecovered, dispose };
}

describe('recovery IPC', () => {
  it('answers the recovery window and starts Stride after a restore', async () => {
    const { ipc, session, onRecovered } = bind({ ok: true, keptAside: 'stride.db.damaged-x', handoutsRestored: 2 });
    expect(await ipc.call(IPC_RECOVERY_STATUS, from(7))).toMatchObject({ problem: 'damaged' });
    const request = { clinicianId: 1, pin: '246813', confirm: true };
    expect(await ipc.call(IPC_RECOVERY_RESTORE, from(7), request)).toMatchObject({ ok: true, handoutsRestored: 2 });
    expect(session.attempts).toEqual([request]);
    expect(onRecovered).toHaveBeenCalledTimes(1);
  });

  it('a refused restore does not start Stride', async () => {
    const { ipc, onRecovered } = bind({ ok: false, refusal: 'wrong-pin', message: 'That PIN is not right.' });
    expect(await ipc.call(IPC_RECOVERY_RESTORE, from(7), {})).toMatchObject({ ok: false, refusal: 'wrong-pin' });
    expect(onRecovered).not.toHaveBeenCalled();
  });

  it('ignores other windows, sub-frames and foreign origins', async () => {
    const { ipc, session, onRecovered } = bind({ ok: true, keptAside: null, handoutsRestored: null });
    const request = { clinicianId: 1, pin: '246813', confirm: true };
    for (const event of [from(8), from(7, 'app://stride/recovery.html', {}), from(7, 'https://evil.example/')]) {
      expect(await ipc.call(IPC_RECOVERY_STATUS, event)).toBeNull();
      expect(await ipc.call(IPC_RECOVERY_RESTORE, event, request)).toBeNull();
    }
    expect(session.attempts).toEqual([]);
    expect(onRecovered).not.toHaveBeenCalled();
  });

  it('removes its handlers when disposed', () => {
    const { ipc, dispose } = bind({ ok: true, keptAside: null, handoutsRestored: null });
    dispose();
    expect([...ipc.handlers.keys()]).toEqual([]);
  });
});
