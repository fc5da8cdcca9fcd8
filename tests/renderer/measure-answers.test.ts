/** The kiosk's measure screens: what each needs before Next, what is sent, and where a server refusal leads. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Measures } from '../../src-main/core/content/measures';
import {
  checkMeasureScreen,
  emptyEntries,
  measureAnswersOf,
  measureReviewRows,
  measureStepOfServerPath,
} from '../../src-renderer/lib/measure-answers';
import { repoRoot } from '../support/core';

const measures = JSON.parse(readFileSync(join(repoRoot, 'resources/content/measures.json'), 'utf8')) as Measures;

describe('measure screens', () => {
  it('the LEFS needs every item, and names each one missing', () => {
    const e = emptyEntries(measures);
    for (const item of measures.lefs.items.slice(0, 18)) e.lefs[item.id] = 4;
    expect(Object.keys(checkMeasureScreen('lefs', e, measures))).toEqual(['lefs.hopping', 'lefs.rolling_bed']);
    e.lefs['hopping'] = 0;
    e.lefs['rolling_bed'] = 1;
    expect(checkMeasureScreen('lefs', e, measures)).toEqual({});
  });

  it('PSFS: naming is optional, but every named activity needs a rating', () => {
    const e = emptyEntries(measures);
    expect(e.activities).toHaveLength(3);
    expect(checkMeasureScreen('psfs-name', e, measures)).toEqual({});
    e.activities[0] = 'Stairs';
    e.activities[2] = '  Running ';
    expect(Object.keys(checkMeasureScreen('psfs-rate', e, measures))).toEqual(['psfs.rating.0', 'psfs.rating.2']);
    e.activities[1] = 'x'.repeat(measures.psfs.maxActivityLength + 1);
    expect(Object.keys(checkMeasureScreen('psfs-name', e, measures))).toEqual(['psfs.activity.1']);
  });

  it('PGIC and exercise days are required where they are asked', () => {
    const e = emptyEntries(measures);
    expect(Object.keys(checkMeasureScreen('pgic', e, measures))).toEqual(['pgic']);
    expect(Object.keys(checkMeasureScreen('adherence', e, measures))).toEqual(['exerciseDays']);
    e.exerciseDays = 0;
    expect(checkMeasureScreen('adherence', e, measures)).toEqual({});
  });
});

describe('what is sent', () => {
  it('only named activities with their ratings, trimmed; PGIC and exercise days only at a return visit', () => {
    const e = emptyEntries(measures);
    e.lefs['stairs'] = 2;
    e.activities = ['', ' Stairs ', 'Gardening'];
    e.ratings = [undefined, 4, 6];
    e.pgic = 'much_improved';
    e.exerciseDays = 3;
    expect(measureAnswersOf(e, 'first')).toEqual({
      lefs: { stairs: 2 },
      psfs: [
        { activity: 'Stairs', rating: 4 },
        { activity: 'Gardening', rating: 6 },
      ],
    });
    expect(measureAnswersOf(e, 'return')).toMatchObject({ pgic: 'much_improved', exerciseDays: 3 });
    expect(measureAnswersOf(emptyEntries(measures), 'first')).toEqual({});
  });

  it('maps a server refusal to the screen that asked', () => {
    expect(measureStepOfServerPath('measures.lefs')).toBe('lefs');
    expect(measureStepOfServerPath('measures.psfs.1.activity')).toBe('psfs-name');
    expect(measureStepOfServerPath('measures.psfs.0.rating')).toBe('psfs-rate');
    expect(measureStepOfServerPath('measures.exerciseDays')).toBe('adherence');
    expect(measureStepOfServerPath('answers.pain_now')).toBeNull();
  });
});

describe('the review page for the measures', () => {
  const words = {
    pick: (text: { en: string }) => text.en,
    t: (key: string, values?: Record<string, string | number>) => `${key}${values ? JSON.stringify(values) : ''}`,
  };

  it('says each measure in words in the order asked, one row per PSFS activity, each leading to its screen', () => {
    const e = emptyEntries(measures);
    for (const item of measures.lefs.items.slice(0, 5)) e.lefs[item.id] = 2;
    e.activities = ['Stairs', '', ' Running '];
    e.ratings = [4];
    e.pgic = measures.pgic.options[1]!.id;
    const rows = measureReviewRows(measures, ['psfs-name', 'psfs-rate', 'lefs', 'pgic', 'adherence'], e, words);
    expect(rows.map((r) => [r.id, r.label, r.text, r.step])).toEqual([
      ['psfs-0', 'Stairs', 'kiosk.review.rating{"rating":4}', 'psfs-rate'],
      ['psfs-2', 'Running', 'kiosk.review.notAnswered', 'psfs-rate'],
      ['lefs', measures.lefs.title.en, 'kiosk.review.lefsAnswered{"answered":5,"total":20}', 'lefs'],
      ['pgic', measures.pgic.title.en, measures.pgic.options[1]!.label.en, 'pgic'],
      ['exerciseDays', 'kiosk.measures.exercisesTitle', 'kiosk.review.notAnswered', 'adherence'],
    ]);
  });

  it('says so when no activity was named', () => {
    const rows = measureReviewRows(measures, ['psfs-name'], emptyEntries(measures), words);
    expect(rows).toEqual([
      { id: 'psfs', label: measures.psfs.nameTitle.en, text: 'kiosk.review.noActivities', step: 'psfs-name' },
    ]);
  });
});
