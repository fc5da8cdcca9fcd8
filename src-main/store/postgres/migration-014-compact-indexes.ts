import type pg from 'pg';

/**
 * PostgreSQL twin of SQLite migration 014 (fewer and slimmer indexes): nothing to change, kept so the numbers stay
 * equal. What 014 removes on SQLite is SQLite's own: its queue index had stopped covering the queue (PostgreSQL's
 * sessions_queue still covers it, migration 011), the two FTS5 tables have no counterpart (pg_trgm indexes on the
 * columns themselves), and its check-in code and per-patient index changes only trade index bytes against a sort of a
 * few rows, which PostgreSQL's planner and page layout weigh differently. Tables and columns are the same on both.
 */
export async function migrate014(_client: pg.PoolClient): Promise<void> {
  // Intentionally empty: see above.
}
