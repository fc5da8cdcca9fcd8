/**
 * The audit log's append on PostgreSQL, for every area of the store: one advisory lock for the log's tail, so each row
 * chains to the one committed before it (its id and hash depend on that row); READ COMMITTED makes the read after the
 * lock see the previous holder's row. Taken last, after any other lock of the transaction (clinic-store.ts).
 */
import type pg from 'pg';
import { AUDIT_COLUMNS, auditRowValues, nextAuditRow, type AuditEntry } from '../audit-chain';

const AUDIT_LOCK = 0x53415544;

/** One chained audit row inside the caller's transaction (see the lock order in clinic-store.ts). */
export async function appendAuditRow(c: pg.PoolClient, entry: AuditEntry, atIso: string): Promise<void> {
  await c.query('SELECT pg_advisory_xact_lock($1, 0)', [AUDIT_LOCK]);
  const last = await c.query<{ id: number; hash: string | null }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1',
  );
  const row = nextAuditRow(last.rows[0], entry, atIso);
  await c.query(
    `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    auditRowValues(row),
  );
}
