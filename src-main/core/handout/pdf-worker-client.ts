// The main thread's side of the handout worker (pdf-worker.ts renders there): pdfkit, fontkit and the layout load on
// that thread, not with the core (they cost a cold start about 100 ms before a kiosk could take a submission).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HandoutInput } from './input';

export type Request = { id: number; input: HandoutInput };
export type Response = { id: number; pdf?: Uint8Array; error?: string };

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

/** The worker's entry in the electron-vite main build (electron.vite.config.ts), beside every chunk of out/main. */
export const BUILT_WORKER_FILE = 'handout-worker.js';

/** How the worker starts: a file, source through tsx's loader (eval'd boot code), or not at all (render in-process). */
export type WorkerEntry = { file: URL } | { boot: string } | null;

/**
 * Source runs (tests, bench, dev with tsx/vitest): the worker registers tsx's loader, then imports pdf-worker.ts.
 * Built runs: the configured entry, pdf-worker.js beside this module when it is a standalone chunk, or the main
 * build's worker entry beside the chunk this module was bundled into (the desktop app and `npm run hub` alike).
 * Null when none applies (this code was inlined into a bundle without a worker file).
 */
export function workerEntry(
  moduleUrl: string,
  configured: URL | null,
  exists: (file: URL) => boolean = (file) => existsSync(fileURLToPath(file)),
): WorkerEntry {
  if (configured) return { file: configured };
  const path = new URL(moduleUrl).pathname;
  if (/\/pdf-worker-client\.ts$/.test(path)) {
    const entry = JSON.stringify(new URL('./pdf-worker.ts', moduleUrl).href);
    return { boot: `import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })` };
  }
  const built = /\/pdf-worker-client(\.(c|m)?js)$/.exec(path);
  if (built) return { file: new URL(`./pdf-worker${built[1]}`, moduleUrl) };
  const beside = new URL(`./${BUILT_WORKER_FILE}`, moduleUrl);
  return exists(beside) ? { file: beside } : null;
}

function startWorker(): Worker | null {
  const entry = workerEntry(import.meta.url, configuredEntry);
  if (!entry) return null;
  return 'file' in entry ? new Worker(entry.file) : new Worker(entry.boot, { eval: true });
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
  // No worker file in this build (the core inlined into one bundle): still correct, just not off-thread.
  if (!w) return import('./pdf').then((m) => m.renderHandoutPdf(input));
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
