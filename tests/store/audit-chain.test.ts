/** The audit log: append-only by trigger, each row chained to the one before, and a check naming the first break. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/store/db';
import { migrations } from '../../src-main/store/migrations/index';
import { appendAudit, auditCommitted } from '../../src-main/store/audit';
import { describeChain, verifyAuditChain } from '../../src-main/store/audit-chain';
import { repoRoot } from '../support/core';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-audit-'));
  db = openDatabase(join(dir, 'stride.db'));
  for (let i = 1; i <= 5; i++)
    appendAudit(db, { actorType: 'system', action: `test.${i}`, detail: { i } }, `2026-11-26T09:0${i}:00.000Z`);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What someone with the file and sqlite3 could do: lift the triggers, then change the log. */
function tamper(sql: string): void {
  db.exec('DROP TRIGGER audit_log_never_updated; DROP TRIGGER audit_log_never_deleted;');
  db.exec(sql);
}

describe('audit log', () => {
  it('refuses updates and deletes', () => {
    expect(() => db.prepare("UPDATE audit_log SET action = 'x' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/append-only/);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
  });

  it('an edited row breaks the chain at that row', () => {
    tamper(`UPDATE audit_log SET detail_json = '{"i":99}' WHERE id = 3`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtId: 3, reason: 'edited' });
  });

  it('a removed row breaks the chain at the row after it', () => {
    tamper('DELETE FROM audit_log WHERE id = 2');
    const report = verifyAuditChain(db);
    expect(report).toMatchObject({ ok: false, brokenAtId: 3, reason: 'missing-before' });
    expect(describeChain(report)).toMatch(/broken at entry 3/);
  });

  it('a row inserted by hand without a link is named', () => {
    db.prepare("INSERT INTO audit_log (at, actor_type, action) VALUES ('2026-11-26T10:00:00Z', 'system', 'x')").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAtId: 6, reason: 'unchained' });
  });

  it('rows written before the chain existed are chained by the migration, in id order', () => {
    const file = join(dir, 'old.db');
    const old = openDatabase(file, { migrations: migrations.slice(0, 6) });
    for (let i = 0; i < 3; i++)
      old
        .prepare("INSERT INTO audit_log (at, actor_type, action) VALUES ('2026-01-01T00:00:00Z', 'kiosk', 'old')")
        .run();
    old.close();
    const upgraded = openDatabase(file);
    appendAudit(upgraded, { actorType: 'system', action: 'after' }, '2026-11-26T09:00:00.000Z');
    expect(verifyAuditChain(upgraded)).toEqual({ ok: true, rows: 4 });
    upgraded.close();
  });

  it('`npm run audit:verify` reports intact, then the first broken link with exit code 1', () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const run = () =>
      execFileSync(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/audit-verify.ts', '--data-dir', dir], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    expect(run()).toMatch(/intact: all 5 entries/);
    tamper(`UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = 4`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    let failure: { status: number; stdout: string } | null = null;
    try {
      run();
    } catch (e) {
      failure = e as { status: number; stdout: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toMatch(/broken at entry 4/);
  });

  it('an append rolled back with its transaction is not chained to: the next row links to the last one kept', () => {
    const at = '2026-11-26T10:00:00.000Z';
    const kept = db.transaction(() => appendAudit(db, { actorType: 'kiosk', action: 'kept' }, at))();
    auditCommitted(db, kept);
    expect(() =>
      db.transaction(() => {
        appendAudit(db, { actorType: 'kiosk', action: 'rolled.back' }, at);
        throw new Error('the session insert failed');
      })(),
    ).toThrow(/session insert/);
    // Told commit for a row that is not the last one written: ignored.
    auditCommitted(db, kept);
    appendAudit(db, { actorType: 'system', action: 'after' }, at);
    const actions = db.prepare('SELECT id, action FROM audit_log WHERE id > 5 ORDER BY id').all();
    expect(actions).toEqual([
      { id: 6, action: 'kept' },
      { id: 7, action: 'after' },
    ]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 7 });
  });

  it('a row another connection appended is chained to, not overwritten', () => {
    const other = openDatabase(join(dir, 'stride.db'));
    appendAudit(other, { actorType: 'system', action: 'elsewhere' }, '2026-11-26T10:00:00.000Z');
    other.close();
    appendAudit(db, { actorType: 'system', action: 'here' }, '2026-11-26T10:01:00.000Z');
    expect(db.prepare('SELECT action FROM audit_log WHERE id > 5 ORDER BY id').pluck().all()).toEqual([
      'elsewhere',
      'here',
    ]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 7 });
  });
});
