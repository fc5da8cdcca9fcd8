/** A real core over a temporary database, an adjustable clock, and callers for each window. */
import { join } from 'node:path';
import type { StrideCore } from '../../src-main/api/app';
import type { MethodInput, MethodName, MethodResult } from '../../src-main/api/contract';
import type { ApiErrorBody } from '../../src-main/api/errors';
import type { Caller } from '../../src-main/api/dispatch';
import { loadContent } from '../../src-main/core/content/load';
import type { IntakeAnswers } from '../../src-main/core/content/schema';
import { makeTestCore, repoRoot, TestClock } from './core';
import type { TestEngine, TestSql } from './test-engine';

export { repoRoot, TestClock } from './core';

export const routineIntake = {
  locale: 'en' as const,
  patient: { fullName: 'Zoë Núñez', dateOfBirth: '1990-04-12' },
  answers: {
    sex: 'female',
    pregnant: 'no',
    recent_birth: false,
    pain_regions: ['outer-hip-right'],
    pain_now: 4,
    pain_worst: 7,
    pain_character: ['dull'],
    onset: 'gradual',
    pain_duration: '3w_3m',
    aggravating: ['lying_side', 'stairs'],
    runs: 'no',
    health_history: ['none'],
    warning_signs: ['none'],
  },
};

/** A man of 78 who cannot bear weight since a fall: the fracture red flag (emergency). */
export const urgentIntake = {
  ...routineIntake,
  patient: { fullName: 'Arthur Bell', dateOfBirth: '1948-02-02' },
  answers: (({ pregnant: _pregnant, recent_birth: _birth, ...rest }) => ({
    ...rest,
    sex: 'male',
    onset: 'fall',
    warning_signs: ['cant_bear_weight', 'fall'],
  }))(routineIntake.answers),
};

/** The answers to a return visit's short follow-up: better than last time, no warning sign. */
export const RETURN_FOLLOW_UP: IntakeAnswers = {
  sex: 'female',
  pregnant: 'no',
  recent_birth: false,
  pain_now: 2,
  pain_worst: 4,
  warning_signs: ['none'],
};

/** The short follow-up of a return visit ("I've been here before") and its measures, for a given patient. */
export function returnVisitIntake(
  patient: { fullName: string; dateOfBirth: string; phone?: string },
  answers: IntakeAnswers = RETURN_FOLLOW_UP,
) {
  const { measures } = loadContent(join(repoRoot, 'resources', 'content'));
  return {
    locale: 'en' as const,
    patient,
    visit: 'return' as const,
    answers,
    measures: {
      lefs: Object.fromEntries(measures.lefs.items.map((i) => [i.id, 3])),
      psfs: [
        { activity: 'Stairs', rating: 6 },
        { activity: 'Running', rating: 5 },
      ],
      pgic: 'much_improved' as const,
      exerciseDays: 5,
    },
  };
}

export interface Harness {
  core: StrideCore;
  clock: TestClock;
  dir: string;
  /** Which engine holds the data (the vitest project's, see test-engine.ts). */
  engine: TestEngine;
  /** Reads of the stored rows, on either engine. */
  sql: TestSql;
  kiosk: Caller;
  staff: (key?: string) => Caller;
  call<M extends MethodName>(caller: Caller, method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  fail(caller: Caller, method: string, input: unknown): Promise<ApiErrorBody>;
  close(): Promise<void>;
}

/**
 * A core on the engine of the vitest project (test-engine.ts): makeTestCore's, with callers for each window and typed
 * calls. Its clock starts on 10 March 2026, the day these tests' dates are written for.
 */
export async function makeHarness(): Promise<Harness> {
  const t = await makeTestCore({ clock: new TestClock(new Date('2026-03-10T10:00:00Z')) });
  return {
    core: t.core,
    clock: t.clock,
    dir: t.dataDir,
    engine: t.engine,
    sql: t.sql,
    kiosk: { channel: 'kiosk', key: 'kiosk' },
    staff: (key = 'staff-1') => ({ channel: 'staff', key }),
    async call(caller, method, input) {
      const r = await t.call(caller, method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async fail(caller, method, input) {
      const r = await t.call(caller, method, input);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
      return r.error;
    },
    close: () => t.dispose(),
  };
}

/** Sets up an administrator (PIN 246813) on the given staff caller, unlocked. */
export async function withAdmin(h: Harness, caller = h.staff()) {
  return h.call(caller, 'staff.setup', { name: 'Dr Admin', pin: '246813' });
}
