/** What the desktop app says when it cannot start on the PostgreSQL server its hub was set to. */
import { describe, expect, it } from 'vitest';
import { DatabaseConfigError } from '../../src-main/api/app';
import { databaseOpenFailureReason, databaseStartupFailureText } from '../../src-main/electron/database-startup';

describe('a start on a database that cannot be used', () => {
  it('a start that cannot open the database says why, that it did not fall back, and never the secret', () => {
    const url = 'postgres://stride@db/stride?sslkey=/k&application_name=x';
    expect(databaseOpenFailureReason(new DatabaseConfigError('unreachable', 'The server is away.'), url)).toBe(
      'The server is away.',
    );
    const secretUrl = 'postgres://stride:Hush-42@db/stride';
    const reason = databaseOpenFailureReason(new Error(`connect failed for ${secretUrl} with Hush-42`), secretUrl);
    expect(reason).not.toContain('Hush-42');
    expect(reason).toMatch(/^Stride could not open the database at postgres:\/\/stride:\(redacted\)@db\/stride \(/);
    const text = databaseStartupFailureText('The server is away.');
    expect(text.startsWith('The server is away.\n\n')).toBe(true);
    expect(text).toMatch(/did not open this computer's own database instead/);
    expect(text).toMatch(/start Stride with --setup\.$/);
    expect(databaseStartupFailureText('The server is away.', true)).toMatch(
      /tick “Use this computer's own database” in the setup window and make this computer the hub again\.$/,
    );
  });
});
