/** The handouts folder: whole files under names without the patient's, read back only while they match their hash. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handoutFileName, handoutFiles } from '../../src-main/store/handout-files';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'stride-handout-files-'));
  dirs.push(d);
  return d;
};
const pdf = new TextEncoder().encode('%PDF-1.7 a handout');
const at = new Date('2026-11-26T09:30:05.123Z');

describe('handout files', () => {
  it('names a file by session and time, never by patient, and two files of the same moment apart', () => {
    const name = handoutFileName(12, at);
    expect(name).toMatch(/^handout-s12-20261126T093005Z-[0-9a-f]{6}\.pdf$/);
    expect(handoutFileName(12, at)).not.toBe(name);
  });

  it('saves the whole file in handouts/ (no partial file left) and reports its hash and size', () => {
    const dir = dataDir();
    const files = handoutFiles(dir);
    const saved = files.save(3, at, pdf);
    expect(readdirSync(join(dir, 'handouts'))).toEqual([saved.fileName]);
    expect(saved).toMatchObject({ sha256: createHash('sha256').update(pdf).digest('hex'), bytes: pdf.length });
    const read = files.read(saved.fileName, saved.sha256);
    expect(read.ok && Buffer.from(pdf).equals(read.bytes)).toBe(true);
  });

  it('tells a missing file from one changed after it was recorded', () => {
    const dir = dataDir();
    const files = handoutFiles(dir);
    expect(files.read('handout-s1-x.pdf', '00')).toEqual({ ok: false, problem: 'missing' });
    const saved = files.save(1, at, pdf);
    writeFileSync(files.pathOf(saved.fileName)!, 'edited');
    expect(files.read(saved.fileName, saved.sha256)).toEqual({ ok: false, problem: 'changed' });
  });

  it('removes files that may already be gone', () => {
    const dir = dataDir();
    const files = handoutFiles(dir);
    const saved = files.save(1, at, pdf);
    const path = files.pathOf(saved.fileName)!;
    files.remove(saved.fileName);
    expect(existsSync(path)).toBe(false);
    expect(files.pathOf(saved.fileName)).toBeNull();
    expect(() => files.remove(saved.fileName)).not.toThrow();
  });

  it('never trusts a stored name as a path: only a handout file name, really inside the folder', () => {
    const dir = dataDir();
    const files = handoutFiles(dir);
    files.save(1, at, pdf);
    writeFileSync(join(dir, 'secret.txt'), 'not a handout');
    // What a crafted backup could put in handouts.file_name: the folder above, the database, an absolute path.
    for (const name of ['..', '../stride.db', '/etc/passwd', '', '.', 'handout-s1-x.pdf', 'stride.db'])
      expect(files.pathOf(name), name).toBeNull();
    // A link with a handout's name that points outside the folder is refused too (realpath).
    const link = 'handout-s9-20261126T093005Z-abcdef.pdf';
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'handouts', link));
    expect(files.pathOf(link)).toBeNull();
    expect(files.read(link, '00')).toEqual({ ok: false, problem: 'missing' });
    mkdirSync(join(dir, 'handouts', 'sub'));
    expect(files.pathOf('sub/handout-s9-20261126T093005Z-abcdef.pdf')).toBeNull();
  });

  it('writes handouts readable by the clinic account only', () => {
    const dir = dataDir();
    const saved = handoutFiles(dir).save(2, at, pdf);
    expect(statSync(join(dir, 'handouts', saved.fileName)).mode & 0o777).toBe(0o600);
  });
});
