/**
 * `npm run test:deps`: checks the dependency rule (.dependency-cruiser.cjs, docs/architecture.md) with
 * dependency-cruiser.
 *
 * dependency-cruiser reads a .svelte file by compiling it with svelte 5, and the compiler drops `import type` lines, so
 * a component's type imports (most of what the renderer takes from src-main) would go unchecked. This script therefore
 * cruises a scratch copy of the sources in which each component's <script> blocks are written out as TypeScript
 * (`Name.svelte.script.ts`, read by the TypeScript parser, which labels type-only imports) and `Name.svelte` is left
 * empty. (Not `Name.svelte.ts`: that is a real kind of file, a module using runes.)
 * Violations are reported under the component's real name.
 *
 * A second cruise adds one forbidden import per rule (PROBES) to a scratch copy and expects each to fail under that
 * rule's name, so a rule that stopped matching (a typo in a path pattern, a changed tool) fails the run too.
 * Exit code 0: the rule holds and every probe is caught; 1: otherwise.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What is cruised: the layers, and the tools (bench/, scripts/), which have lenient rules of their own. */
export const CRUISED = ['src-main', 'src-renderer', 'bench', 'scripts'];
/** Copied too, so imports of them resolve (tests/ is excluded from the rules; bench/ and scripts/ use its helpers). */
const ALSO_COPIED = ['resources', 'tests'];
const CONFIG = '.dependency-cruiser.cjs';

/** Where a component's script goes in the scratch copy: `Name.svelte` + this. */
const SCRIPT_SUFFIX = '.script.ts';

/**
 * The TypeScript inside a component: every <script> block (instance and module), with imports of other components
 * pointed at their scripts. `isComponent(specifier)` tells a component from a rune module imported as `./x.svelte`.
 */
export function componentScript(svelteSource, isComponent) {
  const blocks = [...svelteSource.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return blocks
    .join('\n')
    .replace(/(from\s+['"])([^'"]+\.svelte)(['"])/g, (all, open, spec, close) =>
      isComponent(spec) ? `${open}${spec}${SCRIPT_SUFFIX}${close}` : all,
    );
}

function shadowComponents(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) shadowComponents(path);
    else if (entry.name.endsWith('.svelte')) {
      const isComponent = (spec) => spec.startsWith('.') && existsSync(join(dir, spec));
      writeFileSync(`${path}${SCRIPT_SUFFIX}`, componentScript(readFileSync(path, 'utf8'), isComponent));
      writeFileSync(path, '');
    }
  }
}

/**
 * Cruises `root` (the repository by default). `edit(scratchDir)` may change the scratch copy first: the rule's own
 * test adds forbidden imports there and expects them to fail by name.
 * @param {{ root?: string, edit?: (dir: string) => void, outputType?: string }} [options]
 * @returns {{ ok: boolean, report: string }}
 */
export function checkDependencies({ root = repoRoot, edit, outputType = 'err-long' } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'stride-deps-'));
  try {
    for (const dir of [...CRUISED, ...ALSO_COPIED]) cpSync(join(root, dir), join(scratch, dir), { recursive: true });
    for (const file of [CONFIG, 'package.json']) cpSync(join(root, file), join(scratch, file));
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    edit?.(scratch);
    shadowComponents(join(scratch, 'src-renderer'));
    const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const run = spawnSync(process.execPath, [cli, '--config', CONFIG, '--output-type', outputType, ...CRUISED], {
      cwd: scratch,
      encoding: 'utf8',
    });
    const report = `${run.stdout}${run.stderr}`.replaceAll(`.svelte${SCRIPT_SUFFIX}`, '.svelte');
    return { ok: run.status === 0, report };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * One forbidden import per rule: `file` (new, or appended to) gets `source` (and `also.file` gets `also.source`); the
 * run must report a violation of `rule` from `from` (default: `file`) whose target ends with `to` (packages are
 * reported by their resolved path; for a cycle, the next module in it).
 */
export const PROBES = [
  {
    rule: 'core-is-pure',
    file: 'src-main/core/probe-store.ts',
    source: "import { readSettings } from '../store/settings';",
    to: 'src-main/store/settings.ts',
  },
  {
    rule: 'core-is-pure',
    file: 'src-main/core/probe-sqlite.ts',
    source: "import Database from 'better-sqlite3';",
    to: 'node_modules/better-sqlite3/lib/index.js',
  },
  {
    rule: 'store-below-api',
    file: 'src-main/store/probe.ts',
    source: "import type { QueueItem } from '../api/types';",
    to: 'src-main/api/types.ts',
  },
  {
    rule: 'api-below-shells',
    file: 'src-main/api/probe.ts',
    source: "import { RENDERER_CSP } from '../web/csp';",
    to: 'src-main/web/csp.ts',
  },
  {
    rule: 'contract-is-self-contained',
    file: 'src-main/api/methods/probe.ts',
    source: "import type { RecordsHost } from '../handlers/records';",
    to: 'src-main/api/handlers/records.ts',
  },
  {
    rule: 'shells-above-all',
    file: 'src-main/web/probe-renderer.ts',
    source: "import { daysInMonth } from '../../src-renderer/lib/dob';",
    to: 'src-renderer/lib/dob.ts',
  },
  {
    rule: 'electron-only-in-shell',
    file: 'src-main/web/probe-electron.ts',
    source: "import { app } from 'electron';",
    to: 'node_modules/electron/index.js',
  },
  {
    rule: 'renderer-only-contract',
    file: 'src-renderer/clinician/Probe.svelte',
    source:
      '<script lang="ts">\n  import type { Settings } from \'../../src-main/store/settings\';\n  let s: Settings | ' +
      'null = null;\n</script>\n<p>{s}</p>',
    from: 'src-renderer/clinician/Probe.svelte',
    to: 'src-main/store/settings.ts',
  },
  {
    rule: 'renderer-only-contract',
    file: 'src-renderer/lib/probe-runtime.ts',
    source: "import { contract } from '../../src-main/api/contract';",
    to: 'src-main/api/contract.ts',
  },
  {
    rule: 'renderer-is-browser-code',
    file: 'src-renderer/lib/probe-node.ts',
    source: "import { readFileSync } from 'node:fs';",
    to: 'fs',
  },
  {
    rule: 'browser-safe-stays-browser-safe',
    file: 'src-main/core/content/visibility.ts',
    source: "import type { ExerciseLibrary } from '../handout/library';",
    to: 'src-main/core/handout/library.ts',
  },
  {
    rule: 'no-circular',
    file: 'src-main/core/probe-cycle-a.ts',
    source: "import { b } from './probe-cycle-b';\nexport const a = () => b;",
    also: {
      file: 'src-main/core/probe-cycle-b.ts',
      source: "import { a } from './probe-cycle-a';\nexport const b = () => a;",
    },
    to: 'src-main/core/probe-cycle-b.ts',
  },
  {
    rule: 'not-to-unresolvable',
    file: 'src-main/store/probe-missing.ts',
    source: "import './no-such-module';",
    to: './no-such-module',
  },
];

/** Cruises a copy with every probe added; returns the probes the run did not report. */
export function uncaughtProbes(root = repoRoot) {
  const { report } = checkDependencies({
    root,
    outputType: 'json',
    edit(dir) {
      for (const { file, source } of PROBES.flatMap((p) => (p.also ? [p, p.also] : [p]))) {
        const path = join(dir, file);
        const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
        writeFileSync(path, `${before}\n${source}\n`);
      }
    },
  });
  const violations = JSON.parse(report.slice(report.indexOf('{'))).summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.cycle?.[0]?.name ?? v.to,
  }));
  return PROBES.filter(
    ({ rule, file, from = file, to }) =>
      !violations.some((v) => v.rule === rule && v.from === from && v.to.endsWith(to)),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { ok, report } = checkDependencies();
  process.stdout.write(report);
  const missed = uncaughtProbes();
  for (const p of missed) process.stdout.write(`\nprobe not caught: ${p.rule} should reject ${p.file}: ${p.source}\n`);
  if (missed.length === 0)
    process.stdout.write(`✔ every rule rejects its probe (${PROBES.length} forbidden imports tried)\n`);
  process.exit(ok && missed.length === 0 ? 0 : 1);
}
