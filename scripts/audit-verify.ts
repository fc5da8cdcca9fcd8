/**
 * Checks the audit log's hash chain and names the first broken link (exit 1), without writing anything.
 *   npm run audit:verify -- [--data-dir DIR]     (default: the web shell's data folder, see src-main/web/data-dir.ts)
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describeChain, verifyAuditChain } from '../src-main/store/audit-chain';
import { defaultDataDir } from '../src-main/web/data-dir';

const args = process.argv.slice(2);
const at = args.indexOf('--data-dir');
const dataDir = at >= 0 && args[at + 1] ? args[at + 1]! : defaultDataDir();
const file = join(dataDir, 'stride.db');
let db: Database.Database;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
} catch (e) {
  process.stderr.write(`Cannot open ${file}: ${(e as Error).message}\n`);
  process.exit(2);
}
const report = verifyAuditChain(db);
db.close();
process.stdout.write(`${file}: ${describeChain(report)}\n`);
process.exit(report.ok ? 0 : 1);
