/**
 * The renderer's only way to reach Stride: the preload's `window.stride` inside Electron, the web shell's HTTP
 * endpoints in a browser. Imports contract types only, so no server code reaches the bundle.
 */
import type { MethodInput, MethodName, MethodResult, StaffEvent } from '../../src-main/api/contract';
import type { ApiResult } from '../../src-main/api/errors';
import type { StrideBridge } from '../../src-main/api/bridge';
import { ApiCallError } from './api-error';
import { startStaffStream, type ConnectionState } from './staff-stream';
import type { IntakeSubmission } from '../../src-main/api/schemas';
import type { IntakeForm, SubmitReceipt } from '../../src-main/api/types';
import { browserIntakeOutbox, type IntakeOutbox } from './intake-outbox';
import { HELD_FOR_HEADER } from '../../src-main/core/held-intake';

declare global {
  interface Window {
    stride?: StrideBridge;
  }
}

export { ApiCallError };

const TOKEN_KEY = 'stride.token';
const TAB_KEY = 'stride.tab';

function webToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    // Keep the token out of the address bar and history.
    history.replaceState(null, '', location.pathname);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function tabId(): string {
  let id = sessionStorage.getItem(TAB_KEY);
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(TAB_KEY, id);
  }
  return id;
}

let token: string | null = null;
function headers(): Record<string, string> {
  token ??= webToken();
  return { Authorization: `Bearer ${token}`, 'X-Stride-Tab': tabId(), 'Content-Type': 'application/json' };
}

/** A proxy or gateway between the page and Stride answered: Stride itself did not (yet). */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

async function webCall(
  method: string,
  payload: unknown,
  extra: Record<string, string> = {},
): Promise<ApiResult<unknown>> {
  let res: Response;
  try {
    const init = { method: 'POST', headers: { ...headers(), ...extra }, body: JSON.stringify(payload) };
    res = await fetch(`/api/call/${method}`, init);
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'Stride is not reachable right now.' } };
  }
  try {
    const body = (await res.json()) as ApiResult<unknown>;
    if (GATEWAY_STATUSES.has(res.status) && body.ok !== false)
      return {
        ok: false,
        error: { code: 'unavailable', message: `Stride is not reachable right now (${res.status}).` },
      };
    return body;
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'Stride answered with something unexpected.' } };
  }
}

/** In a browser, intake.submit goes through the kiosk's outbox (lib/outbox.ts); made on first use. */
let outbox: IntakeOutbox | null = null;
function intakeOutbox(): IntakeOutbox {
  const send = (s: IntakeSubmission, heldFor?: number) =>
    webCall('intake.submit', s, heldFor === undefined ? {} : { [HELD_FOR_HEADER]: String(heldFor) }) as Promise<
      ApiResult<SubmitReceipt>
    >;
  const report = (expired: unknown) => webCall('kiosk.heldExpired', expired);
  return (outbox ??= browserIntakeOutbox(send, report));
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  if (!window.stride && method === 'intake.submit')
    return (await intakeOutbox().submit(input as IntakeSubmission)) as MethodResult<M>;
  const result = window.stride ? await window.stride.call(method, input) : await webCall(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  if (!window.stride && method === 'intake.form') intakeOutbox().formLoaded(result.value as IntakeForm);
  return result.value as MethodResult<M>;
}

/** The kiosk page starts: intakes an earlier page held are delivered now (and when the browser comes online). */
export function deliverHeldIntakes(): void {
  if (!window.stride) intakeOutbox().start();
}

export type { ConnectionState };

export interface StaffEventOptions {
  /** The hub could not say what this window missed: reload the queue (and so the alerts) from the database. */
  onResync?(): void;
  onState?(state: ConnectionState): void;
}

/** Staff windows: pushed events. In the web shell, resumes after a lost connection (lib/staff-stream.ts). */
export function onStaffEvent(listener: (event: StaffEvent) => void, options: StaffEventOptions = {}): () => void {
  if (window.stride?.onEvent) {
    // Electron: events come over IPC from this machine's main process, which on a staff station holds the hub's stream
    // and reports its state; standalone and hub machines have no connection to lose.
    const stopState = window.stride.onConnection?.((state) => options.onState?.(state));
    if (!stopState) options.onState?.('open');
    const stopEvents = window.stride.onEvent(listener);
    return () => {
      stopEvents();
      stopState?.();
    };
  }
  return startStaffStream(
    async (lastEventId, signal) => {
      const res = await fetch('/api/events', {
        headers: lastEventId ? { ...headers(), 'Last-Event-ID': lastEventId } : headers(),
        signal,
      });
      if (!res.ok || !res.body) throw new Error(`event stream refused (${res.status})`);
      return res.body.pipeThrough(new TextDecoderStream());
    },
    {
      event: listener,
      resync: () => options.onResync?.(),
      state: (state) => options.onState?.(state),
    },
  );
}
