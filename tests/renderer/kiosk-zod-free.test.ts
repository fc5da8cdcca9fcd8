/**
 * The kiosk bundle carries no zod (it would double its start-up script): kiosk sources import runtime values only from
 * zod-free modules, and the core modules they use (vocabulary, visibility, conditions) stay zod-free too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot as root } from '../support/core';

const ZOD_MODULES =
  /from ['"](zod|[./]+src-main\/(core\/content\/(schema|load)|api\/(schemas|contract|methods\/\w+))|[./]*zod-config)['"]|import ['"][./]*lib\/zod-config['"]/;

function runtimeImportsOfZod(files: string[]): string[] {
  return files.flatMap((f) =>
    readFileSync(join(root, f), 'utf8')
      .split('\n')
      .filter((line) => ZOD_MODULES.test(line) && !/^\s*import type /.test(line))
      .map((line) => `${f}: ${line.trim()}`),
  );
}

describe('the kiosk stays free of zod', () => {
  it('kiosk sources import only types from modules that build zod schemas', () => {
    const lib = ['i18n.ts', 'kiosk-answers.ts', 'keyboard-layouts.ts', 'idle-guard.ts', 'dob.ts'];
    const files = [
      ...readdirSync(join(root, 'src-renderer/kiosk'), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|svelte)$/.test(f))
        .map((f) => join('src-renderer/kiosk', f)),
      ...lib.map((f) => join('src-renderer/lib', f)),
    ];
    expect(runtimeImportsOfZod(files)).toEqual([]);
  });

  it(
    'the core modules the kiosk uses (vocabulary, visibility, conditions, answers in words) import no zod at run ' +
      'time',
    () => {
      for (const f of [
        'vocabulary.ts',
        'content/visibility.ts',
        'content/cond.ts',
        'content/answer-text.ts',
        'triage/warnings.ts',
      ]) {
        const source = readFileSync(join(root, 'src-main/core', f), 'utf8');
        expect(source, f).not.toMatch(/^import (?!type )[^;]*from ['"](zod|\.\/schema|\.\/load|\.\/content\/\w+)['"]/m);
        expect(source, f).not.toMatch(/from ['"]node:/);
      }
    },
  );
});
