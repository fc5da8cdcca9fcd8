// Loads and validates the exercise library and home-care advice; versioned by a hash of the content.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { AdviceFileSchema, ExerciseFileSchema } from './schema';
import type { AdviceFile, Exercise, ExerciseLibrary } from './schema';

export type { ExerciseLibrary } from './schema';

export class HandoutContentError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid handout content in ${source}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'HandoutContentError';
  }
}

function formatIssues(issues: z.core.$ZodIssue[], root: string): string[] {
  return issues.map((i) => {
    const path = i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`), root);
    return `${path}: ${i.message}`;
  });
}

/** Stable JSON (sorted keys) so the hash does not depend on key order or whitespace. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Pure: validates already-parsed JSON of exercises.json and handout-advice.json. Throws HandoutContentError. */
export function parseExerciseLibrary(exercisesJson: unknown, adviceJson: unknown): ExerciseLibrary {
  const ex = ExerciseFileSchema.safeParse(exercisesJson);
  const adv = AdviceFileSchema.safeParse(adviceJson);
  const problems = [
    ...(ex.success ? [] : formatIssues(ex.error.issues, 'exercises.json')),
    ...(adv.success ? [] : formatIssues(adv.error.issues, 'handout-advice.json')),
  ];
  if (!ex.success || !adv.success) throw new HandoutContentError('exercise library', problems);

  const exercises = ex.data.exercises;
  const byId = new Map<string, Exercise>();
  exercises.forEach((e, i) => {
    if (byId.has(e.id)) problems.push(`exercises.json.exercises[${i}].id: duplicate id "${e.id}"`);
    byId.set(e.id, e);
  });
  exercises.forEach((e, i) => {
    e.pregnancyAlternatives.forEach((alt, j) => {
      const a = byId.get(alt);
      const at = `exercises.json.exercises[${i}].pregnancyAlternatives[${j}]`;
      if (!a) problems.push(`${at}: unknown exercise "${alt}"`);
      else if (a.positions.includes('supine') || a.positions.includes('prone') || a.impact === 'high' || a.balance === 'high')
        problems.push(`${at}: "${alt}" is itself not suitable in pregnancy (supine, prone, high impact or high fall risk)`);
    });
    const both = e.conditions.filter((c) => e.avoidFor.includes(c));
    if (both.length) problems.push(`exercises.json.exercises[${i}]: "${e.id}" both helps and must be avoided for ${both.join(', ')}`);
  });
  const adviceIds = new Set<string>();
  for (const a of [...adv.data.advice, ...adv.data.pregnancyAdvice, ...adv.data.clinicianOnly]) {
    if (adviceIds.has(a.id)) problems.push(`handout-advice.json: duplicate advice id "${a.id}"`);
    adviceIds.add(a.id);
  }
  if (problems.length) throw new HandoutContentError('exercise library', problems);

  const contentHash = createHash('sha256')
    .update(canonical({ exercises: ex.data, advice: adv.data }))
    .digest('hex')
    .slice(0, 16);
  return { version: `${ex.data.version} / ${adv.data.version}`, contentHash, exercises, byId, advice: adv.data };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new HandoutContentError(path, [`cannot read file: ${(e as Error).message}`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HandoutContentError(path, [`not valid JSON: ${(e as Error).message}`]);
  }
}

/**
 * Reads `exercises.json` and `handout-advice.json` from `contentDir` (normally resources/content) and checks that each
 * exercise's illustration exists in `illustrationsDir` (default: ../illustrations beside contentDir).
 */
export function loadExerciseLibrary(contentDir: string, illustrationsDir = resolve(contentDir, '../illustrations')): ExerciseLibrary {
  const lib = parseExerciseLibrary(readJson(join(contentDir, 'exercises.json')), readJson(join(contentDir, 'handout-advice.json')));
  const missing = lib.exercises
    .filter((e) => !existsSync(join(illustrationsDir, e.illustration)))
    .map((e) => `exercise "${e.id}": illustration ${join(illustrationsDir, e.illustration)} not found`);
  if (missing.length) throw new HandoutContentError(contentDir, missing);
  return lib;
}

/** Absolute path of an exercise's SVG. */
export function illustrationPath(illustrationsDir: string, exercise: Exercise): string {
  return join(illustrationsDir, exercise.illustration);
}
