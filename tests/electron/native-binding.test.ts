import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  databaseOpenErrorMessage,
  findNativeBinding,
  NATIVE_BINDING_ENV,
  nativeBindingCandidates,
} from '../../src-main/electron/native-binding';
import { dropLoaderOverrides, LOADER_OVERRIDES } from '../../src-main/electron/packaged-env';
import { RecoveryNeededError } from '../../src-main/api/startup';

describe('Electron-ABI better-sqlite3', () => {
  it('looks in the environment variable first, then beside the app', () => {
    const c = nativeBindingCandidates('/opt/stride', { [NATIVE_BINDING_ENV]: '/x/b.node' });
    expect(c).toEqual(['/x/b.node', join('/opt/stride', 'native', 'electron', 'better_sqlite3.node')]);
    expect(nativeBindingCandidates('/opt/stride', {})).toHaveLength(1);
  });

  it('looks outside the asar archive in a packaged app', () => {
    const [only] = nativeBindingCandidates('/opt/Stride/resources/app.asar', {});
    expect(only).toBe(join('/opt/Stride/resources/app.asar.unpacked', 'native', 'electron', 'better_sqlite3.node'));
  });

  it('takes the first candidate that exists', () => {
    expect(findNativeBinding(['/a', '/b', '/c'], (p) => p !== '/a')).toBe('/b');
    expect(findNativeBinding(['/a'], () => false)).toBeUndefined();
  });

  it('explains an ABI mismatch with the fix', () => {
    const error = new Error(
      "The module 'better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION " +
        '115. This version of Node.js requires NODE_MODULE_VERSION 140.',
    );
    const text = databaseOpenErrorMessage(error, ['/opt/native/electron/better_sqlite3.node'], undefined);
    expect(text).toMatch(/built for Node\.js/);
    expect(text).toContain('@electron/rebuild');
    expect(text).toContain(NATIVE_BINDING_ENV);
    expect(text).toContain('/opt/native/electron/better_sqlite3.node');
    expect(text).toContain('NODE_MODULE_VERSION 115');
  });

  it('does not blame the engine for other database errors', () => {
    const text = databaseOpenErrorMessage(new Error('SQLITE_CORRUPT: database disk image is malformed'), ['/a'], '/a');
    expect(text).not.toContain('@electron/rebuild');
    expect(text).toContain('SQLITE_CORRUPT');
  });
});

describe('loader overrides in a packaged build', () => {
  it('STRIDE_SQLITE_BINDING is not a candidate when packaged', () => {
    const c = nativeBindingCandidates(
      '/opt/Stride/resources/app.asar',
      { [NATIVE_BINDING_ENV]: '/tmp/evil.node' },
      true,
    );
    expect(c).toEqual([join('/opt/Stride/resources/app.asar.unpacked', 'native', 'electron', 'better_sqlite3.node')]);
  });

  it('every STRIDE_* loader override is removed from the environment when packaged, and kept in development', () => {
    const set = () => Object.fromEntries(LOADER_OVERRIDES.map((n) => [n, '/tmp/x'])) as Record<string, string>;
    const dev = set();
    expect(dropLoaderOverrides(false, dev)).toEqual([]);
    expect(Object.keys(dev)).toHaveLength(LOADER_OVERRIDES.length);
    const packaged = { ...set(), PATH: '/usr/bin' };
    expect(dropLoaderOverrides(true, packaged).sort()).toEqual([...LOADER_OVERRIDES].sort());
    expect(packaged).toEqual({ PATH: '/usr/bin' });
  });
});

describe('a lost or damaged database at desktop start-up', () => {
  it('the dialog says what is wrong, names the backup and how to reach the recovery screen', () => {
    const newest = {
      name: 'stride-20261126T090000000Z.db',
      takenAt: '2026-11-26T09:00:00.000Z',
      bytes: 1,
      handouts: 0,
      dir: '/b',
      path: '/b/x',
    };
    const text = databaseOpenErrorMessage(
      new RecoveryNeededError('missing', '/home/a/.config/Stride/stride.db', newest),
      [],
      '/x.node',
    );
    expect(text).toMatch(/missing/);
    expect(text).toContain('stride-20261126T090000000Z.db');
    expect(text).toContain('npm run serve -- --data-dir "/home/a/.config/Stride"');
    expect(text).not.toMatch(/database engine/);
  });
});
