// `npm run hub`: the headless hub (src-main/hub/cli.ts), run from the build in out/main so that a hub that crashed or
// rebooted serves again in about a quarter of a second instead of first transforming its TypeScript
// (docs/performance.md, "The hub's start").
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hub = join(root, 'out', 'main', 'hub.js');
if (!existsSync(hub)) {
  console.error('The hub is not built yet: run `npm run build` first.');
  process.exit(1);
}
// A developer who edited the code and forgot to build would otherwise test yesterday's hub without knowing it.
const builtAt = statSync(hub).mtimeMs;
const sources = join(root, 'src-main');
const changed = readdirSync(sources, { recursive: true, encoding: 'utf8' }).find((file) => {
  const stat = statSync(join(sources, file));
  return stat.isFile() && stat.mtimeMs > builtAt;
});
if (changed) console.error(`src-main/${changed} changed after the last build: run \`npm run build\` to include it.`);
await import(pathToFileURL(hub).href);
