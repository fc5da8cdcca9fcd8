/**
 * Median time per triage over 10,000 varied, valid generated intakes (target under 0.2 ms).
 * Prints one JSON object per line. Run: npx tsx bench/triage.ts
 */
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadContent } from '../src-main/core/content/load';
import { randomAnswers, seededRandom } from '../src-main/core/content/random-answers';
import { triage } from '../src-main/core/triage/engine';

const N = 10_000;
const BATCH = 50; // time small batches: one call is below the timer's useful resolution
const content = loadContent(join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'content'));
const rand = seededRandom(42);
const intakes = Array.from({ length: N }, () => randomAnswers(content.questionnaire, rand));

// Warm up (JIT, rule compilation) so the figure reflects steady state in the main process.
for (let i = 0; i < 2_000; i++) triage(content, intakes[i % N]!);

const perIntake: number[] = [];
let sink = 0;
for (let i = 0; i < N; i += BATCH) {
  const t0 = performance.now();
  for (let j = i; j < i + BATCH; j++) sink += triage(content, intakes[j]!).suggestions.length;
  perIntake.push((performance.now() - t0) / BATCH);
}
perIntake.sort((a, b) => a - b);
const median = perIntake[Math.floor(perIntake.length / 2)]!;
if (sink < 0) console.error(sink); // keep the work observable to the optimiser

const round = (x: number) => Math.round(x * 10_000) / 10_000;
console.log(
  JSON.stringify({
    figure: 'triage median time per intake',
    value: round(median),
    unit: 'ms',
    target: 0.2,
    better: 'lower',
  }),
);
