import { describe, expect, it } from 'vitest';
import {
  chromiumArgs,
  displayAvailable,
  ELECTRON_FALLBACK_SENTENCE,
  ELECTRON_PROBE_CODE,
  electronArgs,
  electronFetchTimeoutMs,
  parseElectronProbe,
  parseShellReady,
} from '../../scripts/start-lib.mjs';

describe('npm start helpers', () => {
  it('says in one sentence why the web shell starts', () => {
    expect(ELECTRON_FALLBACK_SENTENCE.split(/(?<=\.)\s/)).toHaveLength(1);
    expect(ELECTRON_FALLBACK_SENTENCE).toMatch(/Electron/);
    expect(ELECTRON_FALLBACK_SENTENCE).toMatch(/web shell/);
  });

  it('opens browsers only with a display', () => {
    expect(displayAvailable({})).toBe(false);
    expect(displayAvailable({ DISPLAY: ':0' })).toBe(true);
    expect(displayAvailable({ WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(displayAvailable({ DISPLAY: '' })).toBe(false);
  });

  it('starts chromium in app mode with a fresh profile, turning its sandbox off only as root', () => {
    const args = chromiumArgs({ url: 'http://127.0.0.1:5000/kiosk.html?t=abc', userDataDir: '/tmp/p1', isRoot: false });
    expect(args).toContain('--app=http://127.0.0.1:5000/kiosk.html?t=abc');
    expect(args).toContain('--user-data-dir=/tmp/p1');
    for (const flag of [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumArgs({ url: 'x', userDataDir: '/tmp/p', isRoot: true })).toContain('--no-sandbox');
    expect(electronArgs({ appDir: '/app', isRoot: false })).toEqual(['/app']);
    expect(electronArgs({ appDir: '/app', isRoot: true })).toEqual(['--no-sandbox', '/app']);
    // Stride's own flags pass through; anything else (an Electron switch, say) does not.
    expect(electronArgs({ appDir: '/app', isRoot: false, args: ['--setup', '--inspect=9229'] })).toEqual([
      '/app',
      '--setup',
    ]);
  });

  it("reads the web shell's ready line and nothing else", () => {
    expect(
      parseShellReady(
        '{"pid":1,"kioskUrl":"http://127.0.0.1:1/k","clinicianUrl":"http://127.0.0.1:1/c","dataDir":"/d"}',
      ),
    ).toEqual({
      kioskUrl: 'http://127.0.0.1:1/k',
      clinicianUrl: 'http://127.0.0.1:1/c',
      kioskLaunchUrl: 'http://127.0.0.1:1/k',
      clinicianLaunchUrl: 'http://127.0.0.1:1/c',
      dataDir: '/d',
    });
    // The browser gets the single-use launch address when the shell gives one.
    expect(
      parseShellReady(
        '{"kioskUrl":"http://h/k#token=x","clinicianUrl":"http://h/c#token=y","kioskLaunchUrl":"http://h/launch/1",' +
          '"clinicianLaunchUrl":"http://h/launch/2"}',
      ),
    ).toMatchObject({ kioskLaunchUrl: 'http://h/launch/1', clinicianLaunchUrl: 'http://h/launch/2' });
    expect(parseShellReady('Stride web shell (data in /d)')).toBeNull();
    expect(parseShellReady('{"kioskUrl": 1}')).toBeNull();
    expect(parseShellReady('{broken')).toBeNull();
  });

  it('finds the binary path after any download progress the probe prints', () => {
    expect(parseElectronProbe('Downloading Electron binary...\n\nSTRIDE_ELECTRON_PATH=/x/dist/electron\n')).toBe(
      '/x/dist/electron',
    );
    expect(parseElectronProbe('STRIDE_ELECTRON_PATH=/x/electron')).toBe('/x/electron');
    expect(parseElectronProbe('Downloading Electron binary...\nfetch failed')).toBeNull();
    expect(parseElectronProbe('')).toBeNull();
  });

  it('probes with code that prints the marker the parser reads', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(
      process.execPath,
      ['-e', ELECTRON_PROBE_CODE.replace("require('electron')", "'/fake/electron'")],
      { encoding: 'utf8' },
    );
    expect(parseElectronProbe(out)).toBe('/fake/electron');
  });

  it('waits five minutes for a first download unless told otherwise', () => {
    expect(electronFetchTimeoutMs({})).toBe(300_000);
    expect(electronFetchTimeoutMs({ STRIDE_ELECTRON_FETCH_TIMEOUT_MS: '2000' })).toBe(2000);
    expect(electronFetchTimeoutMs({ STRIDE_ELECTRON_FETCH_TIMEOUT_MS: 'soon' })).toBe(300_000);
  });
});
