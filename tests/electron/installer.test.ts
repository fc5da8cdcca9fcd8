/**
 * The installer configuration (electron-builder.yml), as far as it can be tested without packaging: electron-builder's
 * own schema accepts it, the fields Stride relies on are there, the icons exist at their sizes, the afterPack hook
 * flips and checks the fuses on the right binary, and `npm run dist` stops with one sentence when Electron is missing.
 * Packaging itself (`electron-builder --dir`) runs only where the Electron binary is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { resolveFunction } from 'app-builder-lib/out/util/resolve';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { getCurrentFuseWire } from '@electron/fuses';
import {
  afterPack,
  FUSE_DISABLED,
  FUSE_ENABLED,
  packagedBinary,
  type AfterPackContextLike,
} from '../../scripts/fuses-after-pack';
import { fuseConfig } from '../../scripts/flip-fuses-config';
import { STRIDE_FUSES } from '../../src-main/electron/fuses';
import { electronBinary, electronBinaryAvailable, skipReason } from './launch/binary';

const root = join(import.meta.dirname, '..', '..');
const loadConfig = (): Promise<Configuration> => getConfig(root, join(root, 'electron-builder.yml'), null);

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(await loadConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation would catch a mistake (so the test above can fail)', async () => {
    const broken = { ...(await loadConfig()), nsis: { oneClickk: false } } as unknown as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /does not match the API schema[\s\S]*configuration\.nsis/,
    );
  });

  it('sets what Stride relies on: id, name, targets, asar, the native rebuild and the fuses hook', async () => {
    const c = await loadConfig();
    expect(c.appId).toBe('org.stride.clinic');
    expect(c.productName).toBe('Stride');
    expect(c.linux?.target).toEqual(['AppImage', 'deb']);
    expect(c.win?.target).toEqual(['nsis']);
    expect(c.mac?.target).toEqual(['dmg']);
    expect(c.asar).toBe(true);
    // The engine is rebuilt for Electron's ABI by electron-builder at packaging time, and unpacked to load.
    expect(c.npmRebuild).toBe(true);
    expect(c.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(JSON.stringify(c.files)).toContain('"out/**/*"');
    // A hand-copied engine for another Electron (native/, for `npm start`) never ships.
    expect(JSON.stringify(c.files)).not.toContain('native');
    // No install script of ours builds it instead.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(Object.keys(pkg.scripts).filter((s) => /install/.test(s))).toEqual([]);
    expect(pkg.scripts['dist']).toBe('node scripts/dist.mjs');
  });

  it('the afterPack hook is the fuses hook, as electron-builder itself loads it', async () => {
    const c = await loadConfig();
    expect(c.afterPack).toBe('./scripts/after-pack.mjs');
    const hook = (await resolveFunction(
      'afterPack',
      join(root, 'scripts', 'after-pack.mjs'),
      'afterPack',
      root,
    )) as unknown as ((context: AfterPackContextLike) => Promise<void>) | null;
    expect(typeof hook).toBe('function');
    // Loaded through the shim, the real hook runs: here it fails reading the binary it looked for, which is not there.
    const missing = mkdtempSync(join(tmpdir(), 'stride-afterpack-'));
    try {
      await expect(
        hook!({
          appOutDir: missing,
          electronPlatformName: 'linux',
          packager: { appInfo: { productFilename: 'Stride' } },
        }),
      ).rejects.toThrow(/ENOENT.*stride-afterpack-[^/]*\/stride/);
    } finally {
      rmSync(missing, { recursive: true, force: true });
    }
  });

  it('has icons: build/icon.png at 1024 and the Linux sizes', () => {
    const size = (file: string) => {
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size(join(root, 'build', 'icon.png'))).toEqual([1024, 1024]);
    for (const n of [16, 32, 48, 64, 128, 256, 512])
      expect(size(join(root, 'build', 'icons', `${n}x${n}.png`))).toEqual([n, n]);
  });
});

describe('afterPack hook', () => {
  const context = (platform: string): AfterPackContextLike => ({
    appOutDir: '/pack/out',
    electronPlatformName: platform,
    packager: { appInfo: { productFilename: 'Stride' }, ...(platform === 'linux' ? { executableName: 'stride' } : {}) },
  });

  it('finds the binary of each platform', () => {
    expect(packagedBinary(context('linux'))).toBe('/pack/out/stride');
    expect(packagedBinary(context('win32'))).toBe('/pack/out/Stride.exe');
    expect(packagedBinary(context('darwin'))).toBe('/pack/out/Stride.app');
    expect(() => packagedBinary(context('freebsd'))).toThrow(/freebsd/);
  });

  /** Fuse tools that record what was flipped and report the wire `after` makes of it. */
  function fakeTools(after: (flipped: Record<number, unknown>) => Record<number, number>) {
    const calls: { binary: string; config: Record<number, unknown> }[] = [];
    return {
      calls,
      tools: {
        flipFuses: async (binary: string, config: object) => {
          calls.push({ binary, config: config as Record<number, unknown> });
          return 1;
        },
        getCurrentFuseWire: (async () => after(calls[0]!.config)) as unknown as typeof getCurrentFuseWire,
      },
    };
  }
  const wireOf = (flipped: Record<number, unknown>) =>
    Object.fromEntries(
      Object.entries(flipped)
        .filter(([k]) => /^\d+$/.test(k))
        .map(([k, v]) => [Number(k), v ? FUSE_ENABLED : FUSE_DISABLED]),
    );

  it("flips Stride's fuse table on the packed binary and accepts it read back", async () => {
    const { calls, tools } = fakeTools(wireOf);
    await afterPack(context('linux'), tools);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.binary).toBe('/pack/out/stride');
    expect(calls[0]!.config).toEqual(fuseConfig());
    expect(Object.values(wireOf(calls[0]!.config))).toHaveLength(Object.keys(STRIDE_FUSES).length);
  });

  it('fails the build when a fuse reads back otherwise than decided', async () => {
    const { tools } = fakeTools((flipped) => ({ ...wireOf(flipped), 0: FUSE_ENABLED }));
    await expect(afterPack(context('win32'), tools)).rejects.toThrow(/RunAsNode/);
  });
});

describe('npm run dist', () => {
  it('without the Electron binary says so in one sentence and exits non-zero, no stack trace', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs')], {
      cwd: root,
      env: { ...process.env, ELECTRON_EXEC_PATH: join(tmpdir(), 'no-electron-here') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot package Stride: the Electron binary is not available .*\.$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('packaging (electron-builder --dir)', () => {
  it('states why packaging ran or was skipped', () => {
    if (!electronBinaryAvailable) console.warn(`Packaging test skipped: ${skipReason}`);
    expect(electronBinaryAvailable ? electronBinary : skipReason).toBeTruthy();
  });

  it.skipIf(!electronBinaryAvailable || !existsSync(join(root, 'out', 'main', 'main.js')))(
    'packs an unpacked app with the fuses flipped (needs the Electron binary and `npm run build`)',
    async () => {
      const output = mkdtempSync(join(tmpdir(), 'stride-dist-'));
      try {
        // The local Electron instead of a download; no native rebuild here (it would change the shared node_modules
        // and needs the network): packaging, asar and the afterPack hook are what this checks.
        const r = spawnSync(
          'npx',
          [
            'electron-builder',
            '--dir',
            '--linux',
            '--config',
            'electron-builder.yml',
            `-c.directories.output=${output}`,
            `-c.electronDist=${join(electronBinary!, '..')}`,
            '-c.npmRebuild=false',
          ],
          { cwd: root, encoding: 'utf8', timeout: 300_000 },
        );
        expect(r.status, r.stderr).toBe(0);
        const unpacked = join(output, 'linux-unpacked');
        expect(existsSync(join(unpacked, 'resources', 'app.asar'))).toBe(true);
        const wire = (await getCurrentFuseWire(join(unpacked, 'stride'))) as unknown as Record<number, number>;
        expect(Object.values(wire)).toContain(FUSE_DISABLED);
      } finally {
        rmSync(output, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
