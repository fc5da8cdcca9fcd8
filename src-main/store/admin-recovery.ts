/** The administrator recovery code's hash (one row): written at setup or renewal, replaced when it is used. */
import type { Db } from './db';

export interface RecoveryCodeRow {
  code_hash: string;
  code_salt: string;
  created_at: string;
}

export function getRecoveryCode(db: Db): RecoveryCodeRow | undefined {
  return db.prepare('SELECT code_hash, code_salt, created_at FROM admin_recovery').get() as RecoveryCodeRow | undefined;
}

export function setRecoveryCode(db: Db, hash: string, salt: string, atIso: string): void {
  db.prepare(
    `INSERT INTO admin_recovery (only_row, code_hash, code_salt, created_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (only_row) DO UPDATE SET code_hash = excluded.code_hash, code_salt = excluded.code_salt,
       created_at = excluded.created_at`,
  ).run(hash, salt, atIso);
}
