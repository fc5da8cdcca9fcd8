import { join, relative, isAbsolute, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mimeTypeFor, resolveAppPath, resolveRequestPath } from '../../src-main/electron/app-protocol';

const root = resolve('/srv/stride/out/renderer');

function inside(p: string): boolean {
  const rel = relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

describe('app:// path resolver', () => {
  it('maps pages and assets into the renderer folder', () => {
    expect(resolveAppPath(root, 'app://stride/kiosk.html')).toBe(join(root, 'kiosk.html'));
    expect(resolveAppPath(root, 'app://stride/assets/kiosk-abc.js?v=1#x')).toBe(join(root, 'assets', 'kiosk-abc.js'));
    expect(resolveAppPath(root, 'app://stride/assets/my%20font.woff2')).toBe(join(root, 'assets', 'my font.woff2'));
  });

  it.each([
    ['parent segments', 'app://stride/../../etc/passwd'],
    ['parent segments mid-path', 'app://stride/assets/../../../etc/passwd'],
    ['encoded dots', 'app://stride/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dots', 'app://stride/%2E%2e/secret'],
    ['encoded slashes', 'app://stride/..%2f..%2fetc%2fpasswd'],
    ['encoded backslashes', 'app://stride/..%5c..%5cwindows%5cwin.ini'],
    ['raw backslashes', 'app://stride/..\\..\\windows\\win.ini'],
    ['double-encoded dots', 'app://stride/%252e%252e/etc/passwd'],
    ['NUL', 'app://stride/kiosk.html%00.png'],
    ['absolute path smuggled', 'app://stride//etc/passwd'],
    ['drive letter', 'app://stride/C:/Windows/win.ini'],
    ['bad escape', 'app://stride/%E0%A4%A'],
    ['the folder itself', 'app://stride/'],
    ['no path', 'app://stride'],
    ['single dot', 'app://stride/./kiosk.html'],
    ['other host', 'app://other/kiosk.html'],
    ['other scheme', 'file:///srv/stride/out/renderer/kiosk.html'],
    ['credentials', 'app://a:b@stride/kiosk.html'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('refuses traversal in raw paths, whatever the URL parser would have done', () => {
    for (const p of [
      '/..',
      '/../x',
      '/a/../../x',
      '/%2e%2e/x',
      '/a/%2E./x',
      '/.%2e/x',
      '/a\\..\\x',
      '/a%00',
      '/C:/x',
      '//x',
    ]) {
      expect(resolveRequestPath(root, p), p).toBeNull();
    }
  });

  it('never resolves outside the root for any path (property)', () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '%2e%2e', '%2E.', '%2f', '%5c', '\\', '%00', '', 'C:', '~', 'assets', 'kiosk.html'),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const path = `/${segments.join('/')}`;
        const viaRaw = resolveRequestPath(root, path);
        if (viaRaw !== null) expect(inside(viaRaw)).toBe(true);
        const viaUrl = resolveAppPath(root, `app://stride${path}`);
        if (viaUrl !== null) expect(inside(viaUrl)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('content types', () => {
  it('names the types the renderer build produces and refuses unknown kinds', () => {
    expect(mimeTypeFor('/x/kiosk.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/a.js')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/a.CSS')).toMatch(/^text\/css/);
    expect(mimeTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('/x/stride.db')).toBeNull();
    expect(mimeTypeFor('/x/noext')).toBeNull();
  });
});
