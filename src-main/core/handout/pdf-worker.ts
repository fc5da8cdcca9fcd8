// Renders handout PDFs on a worker thread so the main process never blocks on pdfkit.
// The same file is the worker entry (when loaded in a Worker) and the main-thread client (renderHandoutInWorker).
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { HandoutInput } from './input';
import { renderHandoutPdf } from './pdf';

type Request = { id: number; input: HandoutInput };
type Response = { id: number; pdf?: Uint8Array; error?: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: Request) => {
    renderHandoutPdf(req.input).then(
      (buf) => {
        const pdf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        port.postMessage({ id: req.id, pdf } satisfies Response);
      },
      (e: unknown) =>
        port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies Response),
    );
  });
}

let worker: Worker | null = null;
let nextId = 1;
// Each request remembers its worker: a worker that stops fails only its own requests, not those of its successor.
const pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void; worker: Worker }>();

let configuredEntry: URL | null = null;

/**
 * For bundled builds: the path of the separately built worker file (e.g. electron-vite's `?modulePath` import of
 * this module as its own entry). Without it, a bundle that inlined this module renders in-process.
 */
export function setHandoutWorkerEntry(entry: string | URL): void {
  configuredEntry = typeof entry === 'string' ? pathToFileURL(entry) : entry;
}

/**
 * Source runs (tests, bench, dev with tsx/vitest): the worker registers tsx's loader, then imports this file.
 * Built runs: this module's own file when it is a standalone chunk, or the configured entry.
 * Returns null when neither applies (this code was inlined into a larger bundle).
 */
function startWorker(): Worker | null {
  if (configuredEntry) return new Worker(configuredEntry);
  const here = import.meta.url;
  const path = new URL(here).pathname;
  if (/\/pdf-worker\.ts$/.test(path)) {
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(here)}); })`;
    return new Worker(boot, { eval: true });
  }
  if (/\/pdf-worker\.(c|m)?js$/.test(path)) return new Worker(new URL(here));
  return null;
}

function getWorker(): Worker | null {
  if (worker) return worker;
  const w = startWorker();
  if (!w) return null;
  w.on('message', (res: Response) => {
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (![...pending.values()].some((q) => q.worker === w)) w.unref();
    if (res.error !== undefined || !res.pdf)
      p.reject(new Error(`Handout rendering failed: ${res.error ?? 'no output'}`));
    else p.resolve(Buffer.from(res.pdf.buffer, res.pdf.byteOffset, res.pdf.byteLength));
  });
  const failAll = (e: Error) => {
    for (const [id, p] of pending) {
      if (p.worker !== w) continue;
      pending.delete(id);
      p.reject(e);
    }
    if (worker === w) worker = null;
  };
  w.on('error', (e) => failAll(e instanceof Error ? e : new Error(String(e))));
  w.on('exit', (code) => failAll(new Error(`Handout worker exited (code ${code})`)));
  w.unref();
  worker = w;
  return w;
}

/** Renders the handout on a long-lived worker thread (fonts stay parsed between documents). */
export function renderHandoutInWorker(input: HandoutInput): Promise<Buffer> {
  const w = getWorker();
  if (!w) return renderHandoutPdf(input); // no worker file available in this build: still correct, just not off-thread
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject, worker: w });
    w.ref();
    w.postMessage({ id, input } satisfies Request);
  });
}

/** Stops the worker (e.g. at app shutdown or after tests). Pending renders are rejected. */
export async function closeHandoutWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
