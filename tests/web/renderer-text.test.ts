/**
 * Patient-entered text must only ever reach the page as text. Svelte escapes `{expr}` and sets text nodes; the ways
 * around that are `{@html}`, and the DOM's HTML parsers (innerHTML and friends). None is allowed anywhere in the
 * renderer (the e2e test tests/e2e/xss.test.ts shows the result in a real browser).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../support/core';

function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(full);
  }
  return out;
}

const HTML_SINKS: [string, RegExp][] = [
  ['{@html}', /\{@html\b/],
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['srcdoc', /\bsrcdoc\b/],
];

describe('the renderer never parses text as HTML', () => {
  const files = filesUnder(join(repoRoot, 'src-renderer'), ['.svelte', '.ts', '.js', '.html']);

  it('finds the renderer sources', () => {
    expect(files.filter((f) => f.endsWith('.svelte')).length).toBeGreaterThan(2);
  });

  it.each(HTML_SINKS)('no %s in any renderer file', (_name, pattern) => {
    const offenders = files.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(repoRoot, f));
    expect(offenders).toEqual([]);
  });
});
