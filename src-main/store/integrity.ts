/**
 * SQLite's quick_check on a worker thread, for a database too large to check before the first patient is served:
 * reading every page of a few hundred megabytes takes about a second, and a kiosk that crashed must be back at once.
 * The worker opens its own read-only connection (WAL lets it read while the app writes) and reports what it found.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS, evaluated by the worker: no bundler sees it, so the driver's resolved path is handed in.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  const binding = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {};
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...binding });
  const rows = db.pragma('quick_check(20)');
  parentPort.postMessage({ result: rows.map((r) => String(Object.values(r)[0])).join('; ') });
} catch (e) {
  parentPort.postMessage({ result: 'could not be read: ' + (e && e.message ? e.message : String(e)) });
} finally {
  if (db) db.close();
}
`;

/** 'ok', or what quick_check (or opening the file) reported. Rejects only when the worker itself could not run. */
export function quickCheckInBackground(file: string, options: { nativeBinding?: string } = {}): Promise<string> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) },
    });
    // The check must never keep a closing app alive.
    worker.unref();
    worker.once('message', (m: { result: string }) => resolve(m.result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the database check stopped (exit ${code})`)));
  });
}
