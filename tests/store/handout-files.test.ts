/** The handouts folder: whole files under names without the patient's, read back only while they match their hash. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    writeFileSync(files.pathOf(saved.fileName), 'edited');
    expect(files.read(saved.fileName, saved.sha256)).toEqual({ ok: false, problem: 'changed' });
  });

  it('keeps every path inside the handouts folder and removes files that may already be gone', () => {
    const dir = dataDir();
    const files = handoutFiles(dir);
    expect(files.pathOf('../stride.db')).toBe(join(dir, 'handouts', 'stride.db'));
    const saved = files.save(1, at, pdf);
    files.remove(saved.fileName);
    expect(existsSync(files.pathOf(saved.fileName))).toBe(false);
    expect(() => files.remove(saved.fileName)).not.toThrow();
  });
});
