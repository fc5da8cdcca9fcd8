/**
 * The renderer's only way to reach Stride: the preload's `window.stride` inside Electron, the web shell's HTTP
 * endpoints in a browser. Imports contract types only, so no server code reaches the bundle.
 */
import type { MethodInput, MethodName, MethodResult, StaffEvent } from '../../src-main/api/contract';
import type { ApiResult } from '../../src-main/api/errors';
import type { StrideBridge } from '../../src-main/api/bridge';
import { ApiCallError } from './api-error';

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

async function webCall(method: string, payload: unknown): Promise<ApiResult<unknown>> {
  let res: Response;
  try {
    res = await fetch(`/api/call/${method}`, { method: 'POST', headers: headers(), body: JSON.stringify(payload) });
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'Stride is not reachable right now.' } };
  }
  try {
    return (await res.json()) as ApiResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'Stride answered with something unexpected.' } };
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const result = window.stride ? await window.stride.call(method, input) : await webCall(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value as MethodResult<M>;
}

/** Staff windows: pushed events. Reconnects by itself in the web shell. */
export function onStaffEvent(listener: (event: StaffEvent) => void): () => void {
  if (window.stride?.onEvent) return window.stride.onEvent(listener);
  let stopped = false;
  let controller: AbortController | null = null;
  const connect = async (delay: number): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('/api/events', { headers: headers(), signal: controller.signal });
        if (!res.body) throw new Error('no stream');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        delay = 500;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const chunk = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (chunk.startsWith('data: ')) listener(JSON.parse(chunk.slice(6)) as StaffEvent);
          }
        }
      } catch {
        // Server restarting or the tab is closing: try again shortly.
      }
      if (stopped) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };
  void connect(500);
  return () => {
    stopped = true;
    controller?.abort();
  };
}
