/** What an amendment changed, in words: only the lines that differ, a test never done equal to "not tested". */
import { describe, expect, it } from 'vitest';
import { blankAssessment, NOT_TESTED } from '../../src-main/api/assessment';
import type { ContentCatalog } from '../../src-main/api/types';
import { noteChanges } from '../../src-renderer/clinician/assessment-changes';

const catalog = {
  conditions: [{ id: 'gtps', name: 'Greater trochanteric pain syndrome', description: '', distinguishFrom: [] }],
  examination: {
    tests: [{ id: 'p4', name: 'P4', how: '', positive: '', caution: null, sources: [] }],
    rangeOfMotion: [
      { id: 'flexion', name: 'Hip flexion', typicalDegrees: 120, maxDegrees: 160, reduced: '', sources: [] },
    ],
  },
} as unknown as ContentCatalog;

describe('assessment changes', () => {
  it('lists each changed field with its value before and after, in words', () => {
    const before = blankAssessment();
    before.examination.tests.p4 = { left: NOT_TESTED.left, right: { result: 'negative', where: '' } };
    const after = structuredClone(before);
    after.examination.tests.p4 = { left: NOT_TESTED.left, right: { result: 'positive', where: 'deep buttock' } };
    after.examination.rangeOfMotion.flexion = { left: 110, right: null };
    after.impression = ['gtps'];
    after.legLength.trueCm.left = 91.5;
    expect(noteChanges(before, after, catalog)).toEqual([
      { label: 'True leg length, left', before: '—', after: '91.5 cm' },
      { label: 'P4, right', before: 'negative', after: 'positive (deep buttock)' },
      { label: 'Hip flexion, left', before: '—', after: '110°' },
      { label: 'Impression', before: '—', after: 'Greater trochanteric pain syndrome' },
    ]);
  });

  it('finds no change between a test left out and one recorded as not tested on both sides', () => {
    const before = blankAssessment();
    const after = blankAssessment();
    after.examination.tests.p4 = structuredClone(NOT_TESTED);
    after.examination.rangeOfMotion.flexion = { left: null, right: null };
    expect(noteChanges(before, after, catalog)).toEqual([]);
  });

  it('still names a test the content no longer has, by its id', () => {
    const before = blankAssessment();
    const after = blankAssessment();
    after.examination.tests['old-test'] = { left: { result: 'positive', where: '' }, right: NOT_TESTED.right };
    expect(noteChanges(before, after, catalog)).toEqual([
      { label: 'old-test, left', before: 'not tested', after: 'positive' },
    ]);
  });
});
