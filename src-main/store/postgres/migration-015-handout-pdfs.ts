/**
 * Handout PDFs in the shared database (#18): with several hubs on one PostgreSQL, a PDF made at one site must print
 * and download at another, so its bytes are kept beside its handout record instead of in one hub's folder. Keyed by
 * the handout, with the SHA-256 the record carries, append-only like handouts. SQLite keeps files (its migration 015
 * changes nothing). Retention removes both together (postgres/records.ts), through the foreign key.
 *
 * Retention's sanctioned deletion: SQLite's purge drops the delete triggers inside its transaction. Here the guard
 * itself lets a DELETE through in a transaction that declared itself the retention purge (`SET LOCAL
 * stride.purging = 'retention'`, gone at its end), never on the audit log, never a TRUNCATE or an UPDATE: no DDL and
 * no table-wide locks while other hubs keep writing. (Anyone who can run that statement owns the tables and could
 * drop the triggers anyway, as on SQLite: the guard stops mistakes and other code paths, not the database's owner.)
 */
export const SCHEMA_015 = `
CREATE OR REPLACE FUNCTION stride_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND TG_TABLE_NAME <> 'audit_log'
     AND current_setting('stride.purging', true) = 'retention' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$fn$;

CREATE TABLE handout_pdfs (
  handout_id  integer PRIMARY KEY REFERENCES handouts (id),
  sha256      text NOT NULL CHECK (length(sha256) = 64),
  pdf         bytea NOT NULL CHECK (octet_length(pdf) > 0)
);
-- Already compressed by pdfkit: stored as it is, out of line.
ALTER TABLE handout_pdfs ALTER COLUMN pdf SET STORAGE EXTERNAL;
CREATE TRIGGER handout_pdfs_never_updated BEFORE UPDATE ON handout_pdfs
  FOR EACH ROW EXECUTE FUNCTION stride_refuse_change('handout PDFs are append-only');
CREATE TRIGGER handout_pdfs_never_deleted BEFORE DELETE ON handout_pdfs
  FOR EACH ROW EXECUTE FUNCTION stride_refuse_change('handout PDFs are append-only');
CREATE TRIGGER handout_pdfs_never_truncated BEFORE TRUNCATE ON handout_pdfs
  FOR EACH STATEMENT EXECUTE FUNCTION stride_refuse_change('handout PDFs are append-only');
`;
