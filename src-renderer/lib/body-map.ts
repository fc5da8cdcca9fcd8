/**
 * The body-map drawing shared by the kiosk (tappable) and the clinician screen (read-only): one drawing, so what a
 * clinician sees is exactly what the patient tapped.
 *
 * A pain drawing in the style of the validated ones (CHOIR body map, Scherrer et al. 2021; Margolis 1986): front and
 * back views, regions that tile the figure, the patient's right on the viewer's left in the front view and the
 * patient's left on the viewer's left in the back view. Stride asks about the lower back down, so the figure is shown
 * from the lower ribs to the feet: the visible part keeps adult proportions (lengths from an eight-head figure) while
 * every region stays at least 48 px across at the kiosk's size. The thigh's four faces are split between the views as
 * a patient sees them: front and inner from the front, back and outer from behind.
 *
 * Coordinates are in the viewBox below; the figure's midline is x = 220. Each region is a polygon drawn once for the
 * viewer's left half and mirrored for the right.
 */
import { BODY_REGIONS, type BodyRegion } from '../../src-main/core/vocabulary';

export const BODY_VIEWBOX = '60 -4 320 772';
const MID = 220;

type Point = readonly [number, number];

export interface Spot {
  id: BodyRegion;
  /** The region's outline, an SVG path. */
  d: string;
  /** Where its tick mark goes when chosen. */
  cx: number;
  cy: number;
}

export type View = 'front' | 'back';

/**
 * Ids that old intakes may hold but the kiosk no longer offers: a thigh or knee without its face. They are shown as
 * every face of that thigh or knee, so an old session looks as it did (the whole thigh marked).
 */
export const LEGACY_REGIONS: Partial<Record<BodyRegion, readonly BodyRegion[]>> = {
  'thigh-left': ['thigh-front-left', 'thigh-outer-left', 'thigh-back-left', 'thigh-inner-left'],
  'thigh-right': ['thigh-front-right', 'thigh-outer-right', 'thigh-back-right', 'thigh-inner-right'],
  'knee-left': ['knee-front-left', 'knee-outer-left'],
  'knee-right': ['knee-front-right', 'knee-outer-right'],
};

/** The regions a patient can tap, in the order the kiosk lists the chosen ones: top to bottom, right before left. */
export const OFFERED_REGIONS: readonly BodyRegion[] = [
  'lower-back-right',
  'lower-back-left',
  'iliac-crest-right',
  'iliac-crest-left',
  'sacroiliac-right',
  'sacroiliac-left',
  'inguinal-right',
  'inguinal-left',
  'pubic-symphysis',
  'outer-hip-right',
  'outer-hip-left',
  'groin-right',
  'groin-left',
  'buttock-right',
  'buttock-left',
  'sit-bone-right',
  'sit-bone-left',
  'thigh-front-right',
  'thigh-front-left',
  'thigh-inner-right',
  'thigh-inner-left',
  'thigh-outer-right',
  'thigh-outer-left',
  'thigh-back-right',
  'thigh-back-left',
  'knee-front-right',
  'knee-front-left',
  'knee-outer-right',
  'knee-outer-left',
  'lower-leg-right',
  'lower-leg-left',
  'foot-right',
  'foot-left',
];

/** Every region an answer may hold maps to the regions drawn for it (itself, or a legacy id's faces). */
export function drawnRegions(answered: Iterable<string>): Set<BodyRegion> {
  const known = new Set<string>(BODY_REGIONS);
  const out = new Set<BodyRegion>();
  for (const id of answered) {
    if (!known.has(id)) continue;
    const region = id as BodyRegion;
    for (const r of LEGACY_REGIONS[region] ?? [region]) out.add(r);
  }
  return out;
}

const mirror = (points: readonly Point[]): Point[] => points.map(([x, y]) => [2 * MID - x, y] as const);

function polygon(points: readonly Point[]): string {
  return `M${points.map(([x, y]) => `${x} ${y}`).join(' L')} Z`;
}

function centre(points: readonly Point[]): { cx: number; cy: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    cx: Math.round((Math.min(...xs) + Math.max(...xs)) / 2),
    cy: Math.round((Math.min(...ys) + Math.max(...ys)) / 2),
  };
}

/** A closed Catmull-Rom curve through the points, as cubic Béziers: a smooth outline from a few landmarks. */
function smoothClosed(points: readonly Point[]): string {
  const n = points.length;
  const at = (i: number) => points[(i + n) % n]!;
  let d = `M${at(0)[0]} ${at(0)[1]}`;
  for (let i = 0; i < n; i++) {
    const [p0, p1, p2, p3] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const c1 = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2 = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += ` C${c1.map(Math.round).join(' ')} ${c2.map(Math.round).join(' ')} ${p2[0]} ${p2[1]}`;
  }
  return `${d} Z`;
}

/**
 * The silhouette's viewer-left half, top to bottom along the outer edge, then back up the inner leg. Heights follow
 * an eight-head figure cut at the lower ribs: waist at the iliac crest, widest at the greater trochanter, crotch at
 * half height, knee about a quarter of the height above the sole.
 */
const HALF_OUTLINE: readonly Point[] = [
  [138, -12],
  [142, 40],
  [146, 78],
  [122, 108],
  [102, 142],
  [88, 186],
  [86, 228],
  [92, 280],
  [106, 350],
  [120, 425],
  [124, 470],
  [122, 520],
  [122, 575],
  [138, 650],
  [154, 702],
  [146, 738],
  [156, 762],
  [198, 764],
  [206, 742],
  [198, 702],
  [208, 640],
  [212, 560],
  [210, 505],
  [212, 470],
  [212, 420],
  [214, 330],
  [216, 252],
];

export const BODY_OUTLINE = smoothClosed([...HALF_OUTLINE, [MID, 246], ...mirror(HALF_OUTLINE).reverse(), [MID, -12]]);

/** Lines that help a patient recognise the view: the groin creases and navel in front, spine and buttocks behind. */
export const BODY_DETAILS: Record<View, readonly string[]> = {
  front: [
    'M124 132 Q170 168 204 214',
    'M316 132 Q270 168 236 214',
    'M216 64 Q220 70 224 64',
    'M150 476 Q168 490 186 476',
    'M254 476 Q272 490 290 476',
  ],
  back: ['M220 -12 L220 150', 'M220 160 L220 236', 'M134 244 Q176 262 214 246', 'M306 244 Q264 262 226 246'],
};

/** Lower leg and foot are the same shape from both sides. */
const LOWER_LEG: readonly Point[] = [
  [126, 508],
  [208, 508],
  [212, 578],
  [198, 700],
  [154, 700],
  [122, 578],
];
const FOOT: readonly Point[] = [
  [154, 700],
  [198, 700],
  [208, 744],
  [200, 764],
  [152, 764],
  [144, 742],
];

/** The viewer-left half of each view, keyed by the region's name without its side. */
const FRONT_HALF: Record<string, readonly Point[]> = {
  'iliac-crest': [
    [144, 80],
    [196, 80],
    [196, 130],
    [108, 132],
    [124, 104],
  ],
  inguinal: [
    [136, 130],
    [196, 130],
    [196, 180],
    [136, 178],
  ],
  'outer-hip': [
    [108, 132],
    [136, 130],
    [136, 178],
    [138, 236],
    [88, 236],
    [86, 186],
  ],
  groin: [
    [136, 178],
    [196, 180],
    [196, 220],
    [210, 236],
    [138, 236],
  ],
  'thigh-front': [
    [88, 236],
    [152, 236],
    [166, 432],
    [122, 432],
    [104, 340],
  ],
  'thigh-inner': [
    [152, 236],
    [214, 236],
    [212, 340],
    [210, 432],
    [166, 432],
  ],
  'knee-front': [
    [122, 432],
    [210, 432],
    [212, 470],
    [208, 508],
    [126, 508],
    [126, 470],
  ],
  'lower-leg': LOWER_LEG,
  foot: FOOT,
};

const BACK_HALF: Record<string, readonly Point[]> = {
  'lower-back': [
    [148, 12],
    [218, 12],
    [218, 96],
    [146, 96],
    [144, 52],
  ],
  'iliac-crest': [
    [146, 96],
    [170, 96],
    [170, 148],
    [106, 148],
    [122, 118],
  ],
  sacroiliac: [
    [170, 96],
    [218, 96],
    [218, 148],
    [170, 148],
  ],
  'outer-hip': [
    [106, 148],
    [134, 148],
    [134, 240],
    [88, 240],
    [86, 190],
  ],
  buttock: [
    [134, 148],
    [218, 148],
    [218, 246],
    [162, 246],
    [140, 246],
    [134, 240],
  ],
  'sit-bone': [
    [162, 246],
    [218, 246],
    [214, 296],
    [162, 296],
  ],
  'thigh-outer': [
    [88, 240],
    [134, 240],
    [140, 246],
    [160, 300],
    [166, 432],
    [122, 432],
    [104, 340],
  ],
  'thigh-back': [
    [140, 246],
    [162, 246],
    [162, 296],
    [214, 296],
    [212, 340],
    [210, 432],
    [166, 432],
    [160, 300],
  ],
  'knee-outer': [
    [122, 432],
    [172, 432],
    [172, 508],
    [126, 508],
    [126, 470],
  ],
  'lower-leg': LOWER_LEG,
  foot: FOOT,
};

const SYMPHYSIS: readonly Point[] = [
  [196, 168],
  [244, 168],
  [244, 220],
  [196, 220],
];

function spot(id: BodyRegion, points: readonly Point[]): Spot {
  return { id, d: polygon(points), ...centre(points) };
}

function spotsOf(half: Record<string, readonly Point[]>, viewerLeft: 'left' | 'right'): Spot[] {
  const viewerRight = viewerLeft === 'left' ? 'right' : 'left';
  return Object.entries(half).flatMap(([name, points]) => [
    spot(`${name}-${viewerLeft}` as BodyRegion, points),
    spot(`${name}-${viewerRight}` as BodyRegion, mirror(points)),
  ]);
}

/** Front view: the patient faces us, so their right is on the viewer's left. */
export const FRONT_SPOTS: readonly Spot[] = [...spotsOf(FRONT_HALF, 'right'), spot('pubic-symphysis', SYMPHYSIS)];
/** Back view: we see the patient's back, their left on the viewer's left. */
export const BACK_SPOTS: readonly Spot[] = spotsOf(BACK_HALF, 'left');

export const SPOTS: Record<View, readonly Spot[]> = { front: FRONT_SPOTS, back: BACK_SPOTS };
