/**
 * The body-map figure shared by the kiosk (tappable) and the clinician screen (read-only): one drawing, so what a
 * clinician sees is exactly what the patient tapped. Front view: the patient's right on the viewer's left; back view:
 * the patient's left on the viewer's left. Coordinates are in the figure's viewBox "20 8 200 428".
 */
import type { BodyRegion } from '../../src-main/core/vocabulary';

export const BODY_VIEWBOX = '20 8 200 428';

export interface Spot {
  id: BodyRegion;
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

export const FRONT_SPOTS: readonly Spot[] = [
  { id: 'outer-hip-right', cx: 58, cy: 232, rx: 17, ry: 25 },
  { id: 'outer-hip-left', cx: 182, cy: 232, rx: 17, ry: 25 },
  { id: 'groin-right', cx: 102, cy: 262, rx: 16, ry: 17 },
  { id: 'groin-left', cx: 138, cy: 262, rx: 16, ry: 17 },
  { id: 'thigh-right', cx: 94, cy: 325, rx: 20, ry: 36 },
  { id: 'thigh-left', cx: 146, cy: 325, rx: 20, ry: 36 },
  { id: 'knee-right', cx: 94, cy: 398, rx: 17, ry: 17 },
  { id: 'knee-left', cx: 146, cy: 398, rx: 17, ry: 17 },
];

export const BACK_SPOTS: readonly Spot[] = [
  { id: 'lower-back-left', cx: 102, cy: 180, rx: 16, ry: 20 },
  { id: 'lower-back-right', cx: 138, cy: 180, rx: 16, ry: 20 },
  { id: 'outer-hip-left', cx: 58, cy: 232, rx: 17, ry: 25 },
  { id: 'outer-hip-right', cx: 182, cy: 232, rx: 17, ry: 25 },
  { id: 'buttock-left', cx: 99, cy: 248, rx: 19, ry: 20 },
  { id: 'buttock-right', cx: 141, cy: 248, rx: 19, ry: 20 },
  { id: 'thigh-left', cx: 94, cy: 325, rx: 20, ry: 36 },
  { id: 'thigh-right', cx: 146, cy: 325, rx: 20, ry: 36 },
  { id: 'knee-left', cx: 94, cy: 398, rx: 17, ry: 17 },
  { id: 'knee-right', cx: 146, cy: 398, rx: 17, ry: 17 },
];

/** Head, neck, trunk, arms and legs of the outline figure. */
export const BODY_OUTLINE = {
  head: { cx: 120, cy: 40, r: 26 },
  neck: { x: 109, y: 62, width: 22, height: 18, rx: 6 },
  paths: [
    'M62 86 Q120 74 178 86 L172 150 Q166 186 162 200 Q176 226 174 252 L66 252 Q64 226 78 200 Q74 186 68 150 Z',
    'M62 88 Q44 96 42 130 L36 232 Q36 244 46 244 Q54 244 55 232 L64 150 Z',
    'M178 88 Q196 96 198 130 L204 232 Q204 244 194 244 Q186 244 185 232 L176 150 Z',
    'M68 248 L118 252 L116 420 Q114 432 96 432 Q80 432 78 420 Z',
    'M172 248 L122 252 L124 420 Q126 432 144 432 Q160 432 162 420 Z',
  ],
} as const;
