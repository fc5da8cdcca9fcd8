#!/usr/bin/env node
/**
 * Runs Electronegativity (static checks only) over the Electron shell's sources and the built output, and fails on
 * any HIGH (or CRITICAL) severity finding. Usage: `node scripts/electronegativity.mjs [--all] [--input DIR]` (--all
 * also
 * prints medium/low findings for review; --input scans one folder instead of src-main/electron and out/).
 *
 * Offline checks only: AvailableSecurityFixesGlobalCheck (which downloads Electron's release list) is excluded, and the
 * Electron version is given here instead of detected. The tool still tries to fetch updated translations once per run;
 * without network that fails within a second and the bundled English texts are used.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');

const root = resolve(import.meta.dirname, '..');
const electronVersion = require('electron/package.json').version;
// The built app is scanned as one input: its global checks (navigation limits, permission handler) look across main,
// preload and renderer together, as the app runs.
const inputAt = process.argv.indexOf('--input');
const targets = (inputAt > 0 ? [process.argv[inputAt + 1]] : ['src-main/electron', 'out'])
  .map((p) => resolve(root, p))
  .filter((p) => existsSync(p));
const FAIL_AT = new Set(['HIGH', 'CRITICAL']);
const showAll = process.argv.includes('--all');

// The tool logs its offline fallbacks with console.log; keep our output to the findings.
const quiet = (line) =>
  /Could not retrieve updated translations|fetching Electron's releases|No connectivity/.test(String(line));
const log = console.log;
const warn = console.warn;
console.log = (...args) => (quiet(args[0]) ? undefined : log(...args));
console.warn = (...args) => (quiet(args[0]) ? undefined : warn(...args));

let failures = 0;
for (const input of targets) {
  const result = await run({
    input,
    electronVersionOverride: electronVersion,
    isRelative: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    parserPlugins: ['classPrivateProperties', 'classPrivateMethods'],
  });
  for (const e of result.errors ?? [])
    log(`parse error ${relative(root, String(e.file ?? input))}: ${String(e.message ?? e).slice(0, 200)}`);
  for (const issue of result.issues) {
    const severity = issue.severity?.name ?? String(issue.severity);
    const high = FAIL_AT.has(severity.toUpperCase());
    if (high) failures++;
    if (high || showAll) {
      const where =
        issue.file && issue.file !== 'N/A'
          ? `${relative(root, issue.file)}:${issue.location?.line ?? 0}`
          : relative(root, input);
      log(`${high ? 'FAIL' : 'note'} ${severity} ${issue.id} ${where}${issue.manualReview ? ' (review)' : ''}`);
    }
  }
}
log(
  JSON.stringify({
    tool: 'electronegativity',
    electronVersion,
    targets: targets.map((t) => relative(root, t)),
    highSeverity: failures,
  }),
);
process.exit(failures > 0 ? 1 : 0);
