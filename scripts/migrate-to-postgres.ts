/**
 * `npm run migrate-to-postgres -- --from stride.db --to postgres://user@host/db`: moves a clinic's SQLite file into an
 * empty PostgreSQL database, verifies every table on both sides, and leaves the file as it was. The password may be
 * in the URL or in PGPASSWORD / ~/.pgpass; it is never printed.
 */
import { parseArgs } from 'node:util';
import { isPostgresUrl, redactSecrets } from '../src-main/store/postgres/connection-string';
import { migrateSqliteToPostgres } from '../src-main/store/postgres/migrate-from-sqlite';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
if (!values.from || !values.to || !isPostgresUrl(values.to)) {
  console.error('Usage: npm run migrate-to-postgres -- --from path/to/stride.db --to postgres://user@host:5432/stride');
  process.exit(2);
}
const to = values.to;
try {
  await migrateSqliteToPostgres({ from: values.from, to, log: (line) => console.log(line) });
} catch (e) {
  console.error(redactSecrets(e instanceof Error ? e.message : String(e), to));
  process.exit(1);
}
