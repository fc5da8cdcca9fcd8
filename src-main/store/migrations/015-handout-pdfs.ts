import type { Migration } from './index';

/**
 * Handout PDFs of a clinic group live in the shared PostgreSQL database (its migration 015, table handout_pdfs), so a
 * PDF made at one site prints at another. On SQLite they stay files in the handouts folder beside the database, which
 * backups copy with it (backup-handouts.ts): nothing changes here. The number keeps both engines' schema versions equal
 * (the migration tool and "schema N" mean the same tables on both).
 */
export const m015HandoutPdfs: Migration = {
  version: 15,
  name: 'handout PDFs in the database on PostgreSQL (SQLite keeps them as files; nothing to change)',
  up() {},
};
