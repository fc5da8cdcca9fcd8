// `npm run bench -- NAME` runs bench/NAME.ts; without a name, every benchmark in turn. Benchmarks of the built app
// (the kiosk's renderer, the hub in out/main) build it first, so they never measure yesterday's code.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`No benchmark named ${unknown.join(', ')}. Available: ${available.join(', ')}.`);
  process.exit(2);
}
const NEEDS_BUILD = ['kiosk', 'network', 'submit'];
const chosen = wanted.length ? wanted : available;
if (chosen.some((n) => NEEDS_BUILD.includes(n))) {
  const built = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    // The build's progress goes to stderr: stdout carries only the figures, one JSON object per line.
    stdio: ['ignore', 2, 2],
    cwd: root,
  });
  if (built.status !== 0) {
    console.error('The build failed (see above), so nothing was measured.');
    process.exit(1);
  }
}
let failed = false;
for (const name of chosen) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'bench', `${name}.ts`)], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
