/** The headless shells' choice of database (web/database-option.ts): the flag, else the environment, else SQLite. */
import { describe, expect, it } from 'vitest';
import { chosenDatabase } from '../../src-main/web/database-option';

const url = 'postgres://stride@db.group.lan:5432/stride';

describe('chosenDatabase', () => {
  it('is SQLite (undefined) when neither the flag nor STRIDE_DATABASE_URL names one, or they are blank', () => {
    expect(chosenDatabase(undefined, {})).toBeUndefined();
    expect(chosenDatabase('  ', {})).toBeUndefined();
    expect(chosenDatabase(undefined, { STRIDE_DATABASE_URL: '' })).toBeUndefined();
  });

  it('takes the flag before the environment, trimmed', () => {
    expect(chosenDatabase(` ${url} `, { STRIDE_DATABASE_URL: 'postgresql://other/db' })).toBe(url);
    expect(chosenDatabase(undefined, { STRIDE_DATABASE_URL: url })).toBe(url);
  });

  it('refuses (null) anything that is not a PostgreSQL connection string', () => {
    expect(chosenDatabase('/var/lib/stride/stride.db', {})).toBeNull();
    expect(chosenDatabase(undefined, { STRIDE_DATABASE_URL: 'mysql://db/stride' })).toBeNull();
  });
});
