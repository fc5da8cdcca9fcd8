import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IPC_CALL,
  IPC_CONNECTION,
  IPC_CONNECTION_STATE,
  IPC_EVENT,
  IPC_RECOVERY_RESTORE,
  IPC_RECOVERY_STATUS,
  type RecoveryBridge,
  type StrideBridge,
} from '../../src-main/api/bridge';
import { contract, methodNames } from '../../src-main/api/contract';

// The preloads run against a stand-in for Electron's renderer modules: what they expose and what reaches IPC.
const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from-main' }));
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (channel: string, l: (...args: unknown[]) => void) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l));
    },
    removeListener: (channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l),
  },
}));

async function loadPreload(which: 'kiosk' | 'clinician'): Promise<StrideBridge> {
  exposed.clear();
  vi.resetModules();
  await import(
    which === 'kiosk' ? '../../src-main/electron/preload-kiosk' : '../../src-main/electron/preload-clinician'
  );
  expect([...exposed.keys()]).toEqual(['stride']);
  return exposed.get('stride') as StrideBridge;
}

beforeEach(() => {
  invoke.mockClear();
  listeners.clear();
});

describe('kiosk preload', () => {
  it('exposes only call, and no event channel', async () => {
    const bridge = await loadPreload('kiosk');
    expect(Object.keys(bridge)).toEqual(['call']);
  });

  it('refuses every non-kiosk method before it reaches IPC', async () => {
    const bridge = await loadPreload('kiosk');
    for (const m of methodNames.filter((name) => contract[name].access !== 'kiosk')) {
      expect(await bridge.call(m, {}), m).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await bridge.call('no.such', {})).toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('passes kiosk methods to the main process', async () => {
    const bridge = await loadPreload('kiosk');
    expect(await bridge.call('intake.form', { locale: 'es' })).toEqual({ ok: true, value: 'from-main' });
    expect(invoke).toHaveBeenCalledWith(IPC_CALL, 'intake.form', { locale: 'es' });
  });
});

describe('clinician preload', () => {
  it('exposes call, onEvent and onConnection', async () => {
    const bridge = await loadPreload('clinician');
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onConnection', 'onEvent']);
  });

  it('gives the page the connection state now and each change, and unsubscribes', async () => {
    invoke.mockImplementationOnce(async () => 'lost' as never);
    const bridge = await loadPreload('clinician');
    const seen: unknown[] = [];
    const off = bridge.onConnection?.((s) => seen.push(s));
    expect(invoke).toHaveBeenCalledWith(IPC_CONNECTION_STATE);
    await vi.waitFor(() => expect(seen).toEqual(['lost']));
    [...(listeners.get(IPC_CONNECTION) ?? [])][0]?.({ sender: 'ipc internals' }, 'open');
    expect(seen).toEqual(['lost', 'open']);
    off?.();
    expect(listeners.get(IPC_CONNECTION)?.size).toBe(0);
  });

  it('refuses kiosk methods and passes staff methods', async () => {
    const bridge = await loadPreload('clinician');
    expect(await bridge.call('intake.submit', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(invoke).not.toHaveBeenCalled();
    await bridge.call('queue.list', {});
    expect(invoke).toHaveBeenCalledWith(IPC_CALL, 'queue.list', {});
  });

  it('hands the page only the event data, and unsubscribes', async () => {
    const bridge = await loadPreload('clinician');
    const seen: unknown[] = [];
    const off = bridge.onEvent?.((e) => seen.push(e));
    const relay = [...(listeners.get(IPC_EVENT) ?? [])][0];
    relay?.({ sender: 'ipc internals' }, { type: 'queue.changed' });
    expect(seen).toEqual([{ type: 'queue.changed' }]);
    off?.();
    expect(listeners.get(IPC_EVENT)?.size).toBe(0);
  });
});

describe('recovery preload', () => {
  it('exposes only strideRecovery (status and restore) and sends a normalised request', async () => {
    exposed.clear();
    vi.resetModules();
    await import('../../src-main/electron/preload-recovery');
    expect([...exposed.keys()]).toEqual(['strideRecovery']);
    const bridge = exposed.get('strideRecovery') as RecoveryBridge;
    expect(Object.keys(bridge).sort()).toEqual(['restore', 'status']);
    await bridge.status();
    expect(invoke).toHaveBeenLastCalledWith(IPC_RECOVERY_STATUS);
    const sneaky = { clinicianId: 1, pin: '246813', confirm: true, extra: 'x' } as unknown as Parameters<
      RecoveryBridge['restore']
    >[0];
    await bridge.restore(sneaky);
    expect(invoke).toHaveBeenLastCalledWith(IPC_RECOVERY_RESTORE, { clinicianId: 1, pin: '246813', confirm: true });
  });
});
