/** The body-map drawing: every region a patient may choose is drawn, old whole-thigh and whole-knee ids still show. */
import { describe, expect, it } from 'vitest';
import { BODY_REGIONS } from '../../src-main/core/vocabulary';
import { drawnRegions, LEGACY_REGIONS, OFFERED_REGIONS, SPOTS } from '../../src-renderer/lib/body-map';

describe('body map', () => {
  const drawn = new Set([...SPOTS.front, ...SPOTS.back].map((s) => s.id));

  it('offers every region but the legacy ones, and draws each offered region in at least one view', () => {
    const legacy = Object.keys(LEGACY_REGIONS);
    expect(new Set([...OFFERED_REGIONS, ...legacy])).toEqual(new Set(BODY_REGIONS));
    expect(OFFERED_REGIONS.filter((r) => legacy.includes(r))).toEqual([]);
    expect(new Set(OFFERED_REGIONS)).toEqual(drawn);
  });

  it('draws a region at most once per view, on the side the view puts it', () => {
    for (const view of ['front', 'back'] as const) {
      const ids = SPOTS[view].map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // Front: the patient's right is on the viewer's left (smaller x); back: their left is.
    const x = (view: 'front' | 'back', id: string) => SPOTS[view].find((s) => s.id === id)!.cx;
    expect(x('front', 'outer-hip-right')).toBeLessThan(x('front', 'outer-hip-left'));
    expect(x('back', 'outer-hip-left')).toBeLessThan(x('back', 'outer-hip-right'));
  });

  it('shows a legacy thigh or knee as every face of it, and ignores ids it does not know', () => {
    expect(drawnRegions(['thigh-right', 'groin-left', 'not-a-region'])).toEqual(
      new Set(['thigh-front-right', 'thigh-outer-right', 'thigh-back-right', 'thigh-inner-right', 'groin-left']),
    );
    for (const faces of Object.values(LEGACY_REGIONS)) for (const f of faces) expect(drawn.has(f)).toBe(true);
  });
});
