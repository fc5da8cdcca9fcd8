/**
 * The outbox's storage in a browser: raw IndexedDB (database `stride-outbox`), one record per held intake, sealed
 * with the device's non-extractable AES-GCM key, which is kept in the same database (a CryptoKey survives structured
 * cloning without ever becoming readable bytes). What this protects and what it does not: docs/network.md.
 */
import type { HeldIntake, OutboxStore } from './outbox';
import { newSealingKey, seal, unseal, type Sealed, type SealingKey } from './outbox-seal';

export const OUTBOX_DB = 'stride-outbox';
const INTAKES = 'intakes';
const KEYS = 'keys';
const KEY_ID = 'sealing';

interface StoredIntake extends Sealed {
  submissionId: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const req = indexedDB.open(OUTBOX_DB, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(INTAKES, { keyPath: 'submissionId' });
    req.result.createObjectStore(KEYS);
  };
  return request(req);
}

/** The device's key: made once, kept in IndexedDB. Two tabs racing keep whichever was stored first. */
async function sealingKey(db: IDBDatabase): Promise<SealingKey> {
  const existing = await request(
    db.transaction(KEYS).objectStore(KEYS).get(KEY_ID) as IDBRequest<SealingKey | undefined>,
  );
  if (existing) return existing;
  const fresh = await newSealingKey();
  const tx = db.transaction(KEYS, 'readwrite');
  const store = tx.objectStore(KEYS);
  const raced = await request(store.get(KEY_ID) as IDBRequest<SealingKey | undefined>);
  if (!raced) store.put(fresh, KEY_ID);
  await done(tx);
  return raced ?? fresh;
}

export function indexedDbOutboxStore(): OutboxStore {
  let opened: Promise<{ db: IDBDatabase; key: SealingKey }> | null = null;
  const ready = () =>
    (opened ??= openDb()
      .then(async (db) => {
        // Closed under us (another tab upgrading, the browser clearing site data): open afresh next time.
        const reopen = () => {
          db.close();
          opened = null;
        };
        db.onversionchange = reopen;
        db.onclose = reopen;
        return { db, key: await sealingKey(db) };
      })
      .catch((e: unknown) => {
        opened = null;
        throw e;
      }));

  return {
    async put(entry) {
      const { db, key } = await ready();
      const sealed = await seal(key, entry.submissionId, entry);
      const tx = db.transaction(INTAKES, 'readwrite');
      tx.objectStore(INTAKES).put({ submissionId: entry.submissionId, ...sealed } satisfies StoredIntake);
      await done(tx);
    },
    async remove(submissionId) {
      const { db } = await ready();
      const tx = db.transaction(INTAKES, 'readwrite');
      tx.objectStore(INTAKES).delete(submissionId);
      await done(tx);
    },
    async list() {
      const { db, key } = await ready();
      const rows = await request(db.transaction(INTAKES).objectStore(INTAKES).getAll() as IDBRequest<StoredIntake[]>);
      const out: HeldIntake[] = [];
      for (const row of rows) {
        try {
          out.push((await unseal(key, row.submissionId, row)) as HeldIntake);
        } catch {
          // Sealed under a key this profile no longer has (its key record was cleared): unreadable for good.
          const tx = db.transaction(INTAKES, 'readwrite');
          tx.objectStore(INTAKES).delete(row.submissionId);
          await done(tx);
        }
      }
      return out;
    },
  };
}
