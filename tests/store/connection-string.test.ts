import { describe, expect, it } from 'vitest';
import { redactConnectionString, redactSecrets } from '../../src-main/store/postgres/connection-string';

describe('connection strings in messages', () => {
  it('keeps user, host, port and database but never the password', () => {
    expect(redactConnectionString('postgres://stride:hunter2@db.clinic.lan:5433/stride?sslmode=require')).toBe(
      'postgres://stride:(redacted)@db.clinic.lan:5433/stride?sslmode=require',
    );
    expect(redactConnectionString('postgresql://db/stride?password=hunter2')).not.toContain('hunter2');
    expect(redactConnectionString('not a url hunter2')).not.toContain('hunter2');
  });

  it('removes the password from any text, raw or percent-decoded', () => {
    const url = 'postgres://stride:p%40ss%2Fw0rd@db:5432/stride';
    const text = `failed for ${url}: password "p@ss/w0rd" rejected (p%40ss%2Fw0rd)`;
    const out = redactSecrets(text, url);
    expect(out).not.toMatch(/p@ss\/w0rd|p%40ss%2Fw0rd/);
    expect(out).toContain('postgres://stride:(redacted)@db:5432/stride');
  });
});
