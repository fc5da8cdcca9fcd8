import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_CONNECTION, IPC_CONNECTION_STATE, IPC_EVENT } from '../../src-main/api/bridge';
import type { ConnectionState } from '../../src-main/core/event-stream';
import type { Channel, StaffEvent } from '../../src-main/api/contract';
import type { Caller } from '../../src-main/api/dispatch';
import {
  bindIpc,
  callerKey,
  identifySender,
  type CoreForIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type WebContentsLike,
} from '../../src-main/electron/ipc';
import type { ShellEvent } from '../../src-main/electron/log';

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error('second handler');
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(IPC_CALL);
    if (!h) throw new Error('no handler');
    return h(event, ...args);
  }
}

class FakeWebContents implements WebContentsLike {
  sent: Array<[string, unknown[]]> = [];
  destroyed = false;
  listeners = new Map<string, Array<() => void>>();
  constructor(readonly id: number) {}
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const l of this.listeners.get(event) ?? []) l();
  }
}

function fakeCore() {
  const calls: Array<{ caller: Caller; method: string; payload: unknown }> = [];
  const forgotten: string[] = [];
  let listener: ((e: StaffEvent) => void) | null = null;
  const core: CoreForIpc = {
    dispatch: async (caller, method, payload) => {
      calls.push({ caller, method, payload });
      return { ok: true, value: 'done' };
    },
    events: {
      subscribe(l) {
        listener = l;
        return () => {
          listener = null;
        };
      },
    },
    forgetCaller: (key) => forgotten.push(key),
  };
  return { core, calls, forgotten, emit: (e: StaffEvent) => listener?.(e), subscribed: () => listener !== null };
}

function mainFrameEvent(senderId: number, url = 'app://stride/kiosk.html'): InvokeEventLike {
  return { sender: { id: senderId }, senderFrame: { url, parent: null } };
}

function setup() {
  const ipc = new FakeIpcMain();
  const core = fakeCore();
  const logged: ShellEvent[] = [];
  const binding = bindIpc(ipc, core.core, (e) => logged.push(e));
  const kiosk = new FakeWebContents(1);
  const staff = new FakeWebContents(2);
  binding.registerWindow(kiosk, 'kiosk');
  binding.registerWindow(staff, 'staff');
  return { ipc, ...core, logged, binding, kiosk, staff };
}

describe('identifySender', () => {
  const channels = new Map<number, Channel>([
    [1, 'kiosk'],
    [2, 'staff'],
  ]);

  it('takes the channel from the window, keyed by its webContents id', () => {
    expect(identifySender(channels, mainFrameEvent(1))).toEqual({
      ok: true,
      caller: { channel: 'kiosk', key: 'wc:1' },
    });
    expect(identifySender(channels, mainFrameEvent(2, 'app://stride/clinician.html'))).toEqual({
      ok: true,
      caller: { channel: 'staff', key: 'wc:2' },
    });
  });

  it('refuses unknown windows, sub-frames, destroyed frames and foreign origins', () => {
    expect(identifySender(channels, mainFrameEvent(3))).toEqual({ ok: false, reason: 'unknown-sender' });
    expect(
      identifySender(channels, { sender: { id: 2 }, senderFrame: { url: 'app://stride/x.html', parent: {} } }),
    ).toEqual({
      ok: false,
      reason: 'not-main-frame',
    });
    expect(identifySender(channels, { sender: { id: 2 }, senderFrame: null })).toEqual({
      ok: false,
      reason: 'not-main-frame',
    });
    expect(identifySender(channels, mainFrameEvent(2, 'https://evil.example/'))).toEqual({
      ok: false,
      reason: 'foreign-origin',
    });
  });
});

describe('IPC binding', () => {
  it('dispatches with the channel of the sending window, ignoring any role the payload claims', async () => {
    const { ipc, calls } = setup();
    const result = await ipc.invoke(mainFrameEvent(1), 'queue.list', { channel: 'staff', role: 'admin' });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([
      {
        caller: { channel: 'kiosk', key: callerKey(1) },
        method: 'queue.list',
        payload: { channel: 'staff', role: 'admin' },
      },
    ]);
  });

  it('refuses and logs calls from unregistered windows and sub-frames without reaching the core', async () => {
    const { ipc, calls, logged } = setup();
    const refused = await ipc.invoke(mainFrameEvent(99), 'intake.form', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ipc.invoke(
      { sender: { id: 2 }, senderFrame: { url: 'app://stride/clinician.html', parent: {} } },
      'queue.list',
      {},
    );
    expect(calls).toEqual([]);
    expect(logged.map((e) => e.kind)).toEqual(['ipc-refused', 'ipc-refused']);
  });

  it('passes a non-string method name on as an empty name (the dispatcher rejects it)', async () => {
    const { ipc, calls } = setup();
    await ipc.invoke(mainFrameEvent(1), { toString: () => 'queue.list' }, {});
    expect(calls[0]?.method).toBe('');
  });

  it('sends staff events to staff windows only', () => {
    const { emit, kiosk, staff } = setup();
    emit({ type: 'queue.changed' });
    expect(staff.sent).toEqual([[IPC_EVENT, [{ type: 'queue.changed' }]]]);
    expect(kiosk.sent).toEqual([]);
  });

  it('skips destroyed windows when sending events', () => {
    const { emit, staff } = setup();
    staff.destroyed = true;
    emit({ type: 'queue.changed' });
    expect(staff.sent).toEqual([]);
  });

  it('forgets a closed window: its unlock state is dropped and its id no longer calls', async () => {
    const { ipc, staff, forgotten, calls } = setup();
    staff.emit('destroyed');
    expect(forgotten).toEqual(['wc:2']);
    await ipc.invoke(mainFrameEvent(2, 'app://stride/clinician.html'), 'queue.list', {});
    expect(calls).toEqual([]);
  });

  it('drops unlock state when a window loads a new page', () => {
    const { staff, forgotten } = setup();
    staff.emit('did-navigate');
    expect(forgotten).toEqual(['wc:2']);
  });

  it('will not give a window a second role', () => {
    const { binding, kiosk } = setup();
    expect(() => binding.registerWindow(kiosk, 'staff')).toThrow(/already/);
  });

  it('unsubscribes and removes its handler on dispose', () => {
    const { binding, ipc, subscribed } = setup();
    binding.dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(subscribed()).toBe(false);
  });
});

describe('IPC binding on a desktop station', () => {
  it('tells staff windows, and only them, whether the hub is reachable; answers the state on asking', async () => {
    const ipc = new FakeIpcMain();
    const { core } = fakeCore();
    let state: ConnectionState = 'open';
    let push: ((s: ConnectionState) => void) | null = null;
    const binding = bindIpc(
      ipc,
      {
        ...core,
        connection: {
          current: () => state,
          subscribe: (l) => {
            push = l;
            return () => (push = null);
          },
        },
      },
      () => undefined,
    );
    const kiosk = new FakeWebContents(1);
    const staff = new FakeWebContents(2);
    binding.registerWindow(kiosk, 'kiosk');
    binding.registerWindow(staff, 'staff');
    state = 'lost';
    push!('lost');
    expect(staff.sent).toEqual([[IPC_CONNECTION, ['lost']]]);
    expect(kiosk.sent).toEqual([]);
    const ask = ipc.handlers.get(IPC_CONNECTION_STATE)!;
    expect(await ask(mainFrameEvent(2, 'app://stride/clinician.html'))).toBe('lost');
    expect(await ask(mainFrameEvent(1))).toBeNull();
    binding.dispose();
    expect(push).toBeNull();
    expect(ipc.handlers.size).toBe(0);
  });

  it('says "open" where the core is on this machine', async () => {
    const ipc = new FakeIpcMain();
    const binding = bindIpc(ipc, fakeCore().core, () => undefined);
    binding.registerWindow(new FakeWebContents(2), 'staff');
    expect(await ipc.handlers.get(IPC_CONNECTION_STATE)!(mainFrameEvent(2, 'app://stride/clinician.html'))).toBe(
      'open',
    );
  });
});

describe('IPC binding with the real dispatcher', () => {
  // Even with an admin unlocked on that key, the kiosk window's channel keeps every staff method out of reach.
  it('denies every non-kiosk method to the kiosk window', async () => {
    const { createDispatcher } = await import('../../src-main/api/dispatch');
    const { contract, methodNames } = await import('../../src-main/api/contract');
    const handler = vi.fn(async () => 'reached');
    const handlers = Object.fromEntries(methodNames.map((m) => [m, handler])) as never;
    const gate = { clinicianFor: () => ({ id: 1, name: 'Admin', role: 'admin' as const }) } as never;
    const ipc = new FakeIpcMain();
    const kiosk = new FakeWebContents(5);
    const real = bindIpc(
      ipc,
      {
        dispatch: createDispatcher(handlers, gate),
        events: { subscribe: () => () => undefined },
        forgetCaller: () => undefined,
      },
      () => undefined,
    );
    real.registerWindow(kiosk, 'kiosk');
    for (const m of methodNames.filter((name) => contract[name].access !== 'kiosk')) {
      const result = await ipc.invoke(mainFrameEvent(5), m, {});
      expect(result, m).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });
});
