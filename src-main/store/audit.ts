import { prepared, type Db } from './db';
import { AUDIT_COLUMNS, auditRowValues, nextAuditRow, type AuditEntry } from './audit-chain';

export type { AuditEntry } from './audit-chain';

/** The last row this connection wrote; trusted only once known committed (a rolled-back row is not the head). */
interface Head {
  id: number;
  hash: string;
  committed: boolean;
}
const heads = new WeakMap<Db, Head>();

/**
 * Appends one row chained to the last (audit-chain.ts) and returns its id. The id is chosen here so it can be part of
 * the hash; rows are never deleted (trigger), so the next id is the last one plus one, and one connection writes at a
 * time. The last row is read from the table unless this connection's own last append is known to be committed.
 */
export function appendAudit(db: Db, entry: AuditEntry, atIso: string): number {
  const head = heads.get(db);
  if (!head?.committed) return appendAfter(db, entry, atIso, false);
  try {
    return appendAfter(db, entry, atIso, true);
  } catch (e) {
    // Another connection wrote the log since (a test, a script): chain to the row it wrote instead.
    if ((e as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
    return appendAfter(db, entry, atIso, false);
  }
}

function appendAfter(db: Db, entry: AuditEntry, atIso: string, trustHead: boolean): number {
  const head = heads.get(db);
  const last =
    trustHead && head?.committed
      ? head
      : (prepared(db, 'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
          { id: number; hash: string | null } | undefined);
  const row = nextAuditRow(last, entry, atIso);
  try {
    prepared(db, `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ...auditRowValues(row),
    );
  } catch (e) {
    // Refused: the next append reads the head from the table.
    heads.delete(db);
    throw e;
  }
  // Outside a transaction the row is committed now; inside one, only auditCommitted can say so.
  heads.set(db, { id: row.id, hash: row.hash, committed: !db.inTransaction });
  return row.id;
}

/** Tells the log that the transaction which appended row `id` committed, so the next append need not read it back. */
export function auditCommitted(db: Db, id: number): void {
  const head = heads.get(db);
  // Still inside an outer transaction, the row could yet be rolled back.
  if (head?.id === id && !db.inTransaction) head.committed = true;
}
