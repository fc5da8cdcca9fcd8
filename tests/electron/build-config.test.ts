import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';
import { isMainExternal } from '../../scripts/main-bundle';
import { BUILT_WORKER_FILE } from '../../src-main/core/handout/pdf-worker-client';
import { repoRoot } from '../support/core';

// A sandboxed preload can only require('electron'): each preload must be built as one standalone file,
// not split into shared chunks that it would have to require.
describe('electron-vite preload build', () => {
  it('builds each preload as an isolated CommonJS bundle', async () => {
    const mod = (await import('../../electron.vite.config')) as { default: unknown };
    const config = mod.default as {
      preload?: { build?: Record<string, unknown> & { rollupOptions?: { output?: { format?: string } } } };
    };
    expect(config.preload?.build?.['isolatedEntries']).toBe(true);
    expect(config.preload?.build?.rollupOptions?.output?.format).toBe('cjs');
  });
});

// zod and pino are inlined into the main bundle (scripts/main-bundle.ts says why). pino's transports start a worker
// thread from a file path, which an inlined copy would not find, so Stride must only ever use synchronous destinations:
// a logger bundled by the same rules is run on its own and must write its lines.
describe('the main bundle inlines pino and zod', () => {
  it('bundles a working pino logger by the main process rules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-main-bundle-'));
    try {
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { createLogger, fileSink } from ${JSON.stringify(join(repoRoot, 'src-main/api/pino-log'))};
const log = createLogger(fileSink(process.argv[2]));
log.security('pin.locked-out', { attempts: 5 });
log.info('app.started');
`,
      );
      const dependencies = Object.keys(
        (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
          .dependencies,
      );
      const bundle = await rolldown({
        input: entry,
        platform: 'node',
        external: (id) => isMainExternal(id, dependencies),
        logLevel: 'silent',
      });
      // Written inside the repository so anything left external resolves to node_modules, as out/main does.
      const out = join(repoRoot, 'out', 'test-main-bundle', `logger-${process.pid}.mjs`);
      await bundle.write({ file: out, format: 'esm' });
      await bundle.close();
      const source = readFileSync(out, 'utf8');
      expect(source).not.toMatch(/from "pino"/);
      const logFile = join(dir, 'logs', 'stride.log');
      execFileSync(process.execPath, [out, logFile]);
      rmSync(out);
      const lines = readFileSync(logFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toMatchObject([
        { level: 'security', kind: 'pin.locked-out', attempts: 5 },
        { level: 'info', kind: 'app.started' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never starts a pino transport', () => {
    const found = spawnSync(
      'git',
      ['grep', '-n', '-E', String.raw`pino\.transport\(|^\s*transport:`, '--', 'src-main'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    expect(found.stdout).toBe('');
    // git grep's status 1 means it looked and found nothing.
    expect(found.status).toBe(1);
  });
});

// Skips until `npm run build` has made out/main.
const mainBundle = join(repoRoot, 'out', 'main', 'main.js');
describe.skipIf(!existsSync(mainBundle))('electron-vite main build', () => {
  it('loads neither pino nor zod from node_modules, in any of its files', () => {
    const files = readdirSync(dirname(mainBundle)).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'hub.js', 'handout-worker.js']));
    const packages = new Set(files.flatMap((f) => [...staticGraph(join(dirname(mainBundle), f))]));
    expect([...packages].filter((id) => /^(pino|zod)(\/|$)/.test(id))).toEqual([]);
    expect(packages.has('better-sqlite3')).toBe(true);
  });

  // A kiosk or a computer on its own starts without the hub's server and certificate code, the station's network code
  // or PostgreSQL's driver: main.ts imports them when the machine's role needs them.
  it('starts without the hub, station or PostgreSQL code', () => {
    const loaded = staticGraph(mainBundle);
    const packages = [...loaded].filter((id) => !id.startsWith('/') && !id.startsWith('node:'));
    expect(packages.sort()).toEqual(['better-sqlite3', 'electron']);
    const chunks = [...loaded].filter((id) => id.startsWith('/')).map((f) => readFileSync(f, 'utf8'));
    expect(chunks.some((c) => c.includes('src-main/api/app.ts'))).toBe(true);
    const lazy = [
      'src-main/hub/server.ts',
      'src-main/station/station-backend.ts',
      'src-main/store/postgres/clinic-store.ts',
      'src-main/store/postgres/check-config.ts',
    ];
    expect(lazy.filter((module) => chunks.some((c) => c.includes(`\n// ${module}\n`)))).toEqual([]);
  });
});

describe.skipIf(!existsSync(mainBundle))('the built hub (npm run hub)', () => {
  // @peculiar/x509 with reflect-metadata takes ~90 ms to load: the hub loads it only to make a certificate, reading
  // the ones it has with node:crypto and @peculiar/asn1-x509. PostgreSQL's driver only when the data is there.
  it('starts without the certificate-making library or PostgreSQL', () => {
    const loaded = staticGraph(join(dirname(mainBundle), 'hub.js'));
    const packages = [...loaded].filter((id) => !id.startsWith('/') && !id.startsWith('node:'));
    expect(packages.sort()).toEqual(['@peculiar/asn1-schema', '@peculiar/asn1-x509', 'better-sqlite3']);
  });

  // The worker client finds the worker entry beside the chunk it was bundled into (pdf-worker-client.ts workerEntry).
  it('bundles the handout worker client into a chunk beside handout-worker.js', () => {
    const dir = dirname(mainBundle);
    const holders = readdirSync(dir).filter((f) =>
      readFileSync(join(dir, f), 'utf8').includes('\n// src-main/core/handout/pdf-worker-client.ts\n'),
    );
    expect(holders.length).toBe(1);
    expect(existsSync(join(dir, BUILT_WORKER_FILE))).toBe(true);
  });
});

/** Every file and package the bundle at `file` imports before it runs: its static imports, followed through chunks. */
function staticGraph(file: string, seen = new Set<string>([file])): Set<string> {
  const source = readFileSync(file, 'utf8');
  for (const [, id] of source.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s*)?"([^"]+)"/gm)) {
    if (!id) continue;
    const key = id.startsWith('.') ? join(dirname(file), id) : id;
    if (seen.has(key)) continue;
    seen.add(key);
    if (id.startsWith('.')) staticGraph(key, seen);
  }
  return seen;
}
