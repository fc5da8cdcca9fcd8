// Draws resources/illustrations/<exercise>.svg from one pose description per exercise so every figure shares one style:
// a figure with body volume (outlined limbs and trunk, the far side lighter), the floor, the prop, start and end
// panels with a movement arrow; and <exercise>-pregnant.svg with a bump for exercises a pregnancy plan can hold.
// Run: npx tsx scripts/draw-illustrations.ts   (the SVGs are committed; tests check they match this script)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Pt = [number, number];
const INK = '#1f2d3a'; // outlines
const FAR = '#8c99a6'; // far limbs' outline
const NEAR_FILL = '#7fa7c9'; // near limbs and trunk
const FAR_FILL = '#c6d6e4'; // far limbs
const SKIN = '#f1dcc9';
/** Limb and trunk thickness: what gives the figure its volume. */
const W = { thigh: 11, shin: 8.5, upper: 7.5, fore: 6.5, trunk: 17, foot: 5 };
const PROP = '#5b6b78'; // equipment, floor, wall
const ACCENT = '#c2410c'; // movement arrows, band
const SW = 3.2;
const L = { trunk: 48, neck: 7, head: 9.5, thigh: 36, shin: 34, foot: 11, upper: 25, fore: 23 };

const rad = (d: number) => (d * Math.PI) / 180;
const at = (p: Pt, deg: number, len: number): Pt => [p[0] + len * Math.cos(rad(deg)), p[1] + len * Math.sin(rad(deg))];
const f = (n: number) => Math.round(n * 10) / 10;
const pts = (...ps: Pt[]) => ps.map((p) => `${f(p[0])},${f(p[1])}`).join(' ');

/** Two-bone inverse kinematics: where the middle joint goes for given ends; bend = +1 or -1 picks the side. */
function ik(a: Pt, c: Pt, l1: number, l2: number, bend: number): Pt {
  const dx = c[0] - a[0],
    dy = c[1] - a[1];
  const d = Math.min(Math.hypot(dx, dy), l1 + l2 - 0.01);
  const base = Math.atan2(dy, dx);
  const cosA = Math.max(-1, Math.min(1, (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)));
  const ang = base + bend * Math.acos(cosA);
  return [a[0] + l1 * Math.cos(ang), a[1] + l1 * Math.sin(ang)];
}

interface Limb {
  end: Pt;
  bend: number;
  foot?: number;
  mid?: Pt;
} // mid: place the knee/elbow by hand (foreshortened limbs)
/** Where a pregnant figure's bump shows: see Pose.bump. */
type Bump = 1 | -1 | 'front';

interface Pose {
  hip: Pt;
  trunk: number; // direction hip -> neck in degrees (SVG: 0 right, -90 up)
  head?: number; // direction neck -> head, default trunk
  legs: [Limb, Limb]; // [near, far]; end = ankle
  arms: [Limb, Limb]; // [near, far]; end = hand
  hipW?: number; // pelvis width for front/back views
  shoulderW?: number;
  trunkLen?: number; // shorter for foreshortened views
  /**
   * Pregnant figure: in a profile view, the side of the trunk the bump is on (+1: 90° clockwise from the trunk's
   * direction); 'front' when the belly faces the viewer (front views, lying on the side seen from the front).
   */
  bump?: Bump;
}

/** A thick outlined segment chain: the outline drawn wider underneath, then the fill. */
function capsule(points: Pt[], width: number, fill: string, outline: string): string {
  return (
    `<polyline points="${pts(...points)}" stroke="${outline}" stroke-width="${f(width + 2.6)}"/>` +
    `<polyline points="${pts(...points)}" stroke="${fill}" stroke-width="${width}"/>`
  );
}

function figure(p: Pose): string {
  const hw = (p.hipW ?? 0) / 2,
    sw = (p.shoulderW ?? 0) / 2;
  const neck = at(p.hip, p.trunk, p.trunkLen ?? L.trunk);
  const headC = at(neck, p.head ?? p.trunk, L.neck + L.head);
  const shoulder = at(p.hip, p.trunk, (p.trunkLen ?? L.trunk) * 0.88);
  // For front views the near limbs sit on the right of the figure (+x), far on the left.
  const hips: [Pt, Pt] = [
    [p.hip[0] + hw, p.hip[1]],
    [p.hip[0] - hw, p.hip[1]],
  ];
  const shoulders: [Pt, Pt] = [
    [shoulder[0] + sw, shoulder[1]],
    [shoulder[0] - sw, shoulder[1]],
  ];
  const limb = (i: 0 | 1) => {
    const leg = p.legs[i],
      arm = p.arms[i];
    const [fill, outline] = i === 0 ? [NEAR_FILL, INK] : [FAR_FILL, FAR];
    const knee = leg.mid ?? ik(hips[i], leg.end, L.thigh, L.shin, leg.bend);
    const elbow = arm.mid ?? ik(shoulders[i], arm.end, L.upper, L.fore, arm.bend);
    const toe = leg.foot === undefined ? null : at(leg.end, leg.foot, L.foot);
    return {
      leg:
        capsule([hips[i], knee], W.thigh, fill, outline) +
        capsule([knee, leg.end], W.shin, fill, outline) +
        (toe ? capsule([leg.end, toe], W.foot, fill, outline) : ''),
      arm: capsule([shoulders[i], elbow], W.upper, fill, outline) + capsule([elbow, arm.end], W.fore, fill, outline),
    };
  };
  const near = limb(0);
  const far = limb(1);
  const trunkLen = p.trunkLen ?? L.trunk;
  const rotate = (c: Pt) => `transform="rotate(${f(p.trunk)} ${f(c[0])} ${f(c[1])})"`;
  // In profile the bump sticks out from the belly side and the trunk covers its inner half; facing the viewer it is a
  // rounded belly wider than the waist, drawn over the trunk.
  const profileBump =
    p.bump === 1 || p.bump === -1
      ? (() => {
          const c = at(at(p.hip, p.trunk, trunkLen * 0.36), p.trunk + 90 * p.bump, W.trunk / 2);
          return (
            `<ellipse cx="${f(c[0])}" cy="${f(c[1])}" rx="${f(trunkLen * 0.24)}" ry="${f(W.trunk * 0.62)}" ` +
            `${rotate(c)} stroke="${INK}" stroke-width="1.3" fill="${NEAR_FILL}"/>`
          );
        })()
      : '';
  const frontBump =
    p.bump === 'front'
      ? (() => {
          const c = at(p.hip, p.trunk, trunkLen * 0.34);
          return (
            `<ellipse cx="${f(c[0])}" cy="${f(c[1])}" rx="${f(trunkLen * 0.25)}" ry="${f(W.trunk * 0.82)}" ` +
            `${rotate(c)} stroke="${INK}" stroke-width="1.3" fill="${NEAR_FILL}"/>`
          );
        })()
      : '';
  const pelvis = hw ? capsule([hips[0], hips[1]], W.thigh, NEAR_FILL, INK) : '';
  const yoke = sw ? capsule([shoulders[0], shoulders[1]], W.upper, NEAR_FILL, INK) : '';
  const trunkEnd = at(p.hip, p.trunk, trunkLen * 0.9);
  const body =
    pelvis +
    yoke +
    profileBump +
    capsule([p.hip, trunkEnd], W.trunk, NEAR_FILL, INK) +
    frontBump +
    capsule([trunkEnd, neck], 5, SKIN, INK) +
    `<circle cx="${f(headC[0])}" cy="${f(headC[1])}" r="${L.head}" stroke="${INK}" stroke-width="1.6" ` +
    `fill="${SKIN}"/>`;
  // Far limbs behind the body, near ones in front; the near arm over the near leg.
  return far.arm + far.leg + body + near.leg + near.arm;
}

// ---- props ----
const floor = (y = 150, x1 = 8, x2 = 212) => `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${PROP}"/>`;
const wall = (x: number, y1 = 20, y2 = 150) =>
  `<line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}" stroke="${PROP}"/>` +
  Array.from(
    { length: Math.floor((y2 - y1) / 16) },
    (_, i) =>
      `<line x1="${x}" y1="${y1 + 8 + i * 16}" x2="${x + 7}" y2="${y1 + i * 16}" stroke="${PROP}" stroke-width="1.6"/>`,
  ).join('');
const chairSide = (x: number, seatY: number, facing: 1 | -1 = 1, w = 34) => {
  const back = facing === 1 ? x : x + w;
  return (
    `<polyline points="${pts([back, seatY - 44], [back, 150])}" stroke="${PROP}"/><polyline ` +
    `points="${pts([x, seatY], [x + w, seatY], [x + w, 150])}" stroke="${PROP}"/>`
  );
};
const chairBack = (x: number, top = 92) =>
  `<polyline points="${pts([x - 12, 150], [x - 12, top], [x + 12, top], [x + 12, 150])}" stroke="${PROP}"/>`;
const post = (x: number, top = 60) =>
  `<line x1="${x}" y1="${top}" x2="${x}" y2="150" stroke="${PROP}" stroke-width="5"/>`;
const band = (a: Pt, b: Pt) =>
  `<line x1="${f(a[0])}" y1="${f(a[1])}" x2="${f(b[0])}" y2="${f(b[1])}" stroke="${ACCENT}" stroke-width="2.2" ` +
  `stroke-dasharray="5 3"/>`;
const step = (x: number, w: number, h = 18) =>
  `<rect x="${x}" y="${150 - h}" width="${w}" height="${h}" stroke="${PROP}" fill="none"/>`;
// solid colour: no transparency in print
const mat = (x1 = 20, x2 = 200) => `<line x1="${x1}" y1="152" x2="${x2}" y2="152" stroke="#c9d1d8" stroke-width="5"/>`;
const water = (y: number) =>
  `<path d="M8 ${y} ${Array.from({ length: 13 }, () => `q 8 -5 16 0`).join(' ')}" stroke="#2b7bb9" ` +
  `stroke-width="2.2"/>`;
const arrow = (a: Pt, b: Pt, curve = 0) => {
  const mx = (a[0] + b[0]) / 2,
    my = (a[1] + b[1]) / 2;
  const ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
  const cx = mx - Math.sin(ang) * curve,
    cy = my + Math.cos(ang) * curve;
  const endAng = Math.atan2(b[1] - cy, b[0] - cx);
  const h1 = at(b, (endAng * 180) / Math.PI + 150, 8),
    h2 = at(b, (endAng * 180) / Math.PI - 150, 8);
  return (
    `<path d="M${f(a[0])} ${f(a[1])} Q${f(cx)} ${f(cy)} ${f(b[0])} ${f(b[1])}" stroke="${ACCENT}" ` +
    `stroke-width="2.4"/>` +
    `<polyline points="${pts(h1, b, h2)}" stroke="${ACCENT}" stroke-width="2.4"/>`
  );
};

type Panel = { pose: Pose; props?: string; arrows?: string; scale?: number };
function svg(panels: Panel[]): string {
  const W = 220 * panels.length,
    H = 160;
  const inner = panels
    .map((p, i) => {
      const divider = i > 0 ? `<line x1="0" y1="24" x2="0" y2="136" stroke="#d5dbe0" stroke-width="1.4"/>` : '';
      // A scaled panel keeps the same visible stroke width by widening its strokes.
      const s = p.scale ?? 1;
      const content = `${p.props ?? ''}${figure(p.pose)}${p.arrows ?? ''}`;
      const body =
        s === 1
          ? content
          : `<g transform="translate(${f(110 * (1 - s))} ${f(150 * (1 - s))}) scale(${s})" ` +
            `stroke-width="${f(SW / s)}">${content}</g>`;
      return `<g transform="translate(${i * 220} 0)">${divider}${body}</g>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">` +
    `<g fill="none" stroke-width="${SW}" stroke-linecap="round" stroke-linejoin="round">${inner}</g></svg>\n`
  );
}

// ---- poses ----
const front = (x: number, over: Partial<Pose> = {}): Pose => ({
  hip: [x, 77],
  trunk: -90,
  hipW: 16,
  shoulderW: 26,
  legs: [
    { end: [x + 10, 147], bend: -1, foot: 0 },
    { end: [x - 10, 147], bend: 1, foot: 180 },
  ],
  arms: [
    { end: [x + 20, 82], bend: -1 },
    { end: [x - 20, 82], bend: 1 },
  ],
  ...over,
});

const E: Record<string, Panel[]> = {};

E['wall-foot-press'] = [
  {
    props: floor() + mat(20, 180) + wall(186),
    pose: {
      hip: [118, 145],
      trunk: 180,
      legs: [
        { end: [181, 128], bend: -1, foot: -90 },
        { end: [150, 147], bend: -1, foot: 0 },
      ],
      arms: [
        { end: [114, 138], bend: -1 },
        { end: [112, 147], bend: -1 },
      ],
    },
    arrows: arrow([150, 104], [178, 116]) + arrow([112, 112], [112, 130]),
  },
];
E['seated-foot-press'] = [
  {
    props: floor() + chairSide(70, 114),
    pose: {
      hip: [96, 110],
      trunk: -90,
      legs: [
        { end: [132, 146], bend: -1, foot: 0 },
        { end: [128, 146], bend: -1, foot: 0 },
      ],
      arms: [
        { end: [122, 106], bend: 1 },
        { end: [118, 106], bend: 1 },
      ],
    },
    arrows: arrow([150, 104], [150, 136]),
  },
];
const abd = (legOut: number): Pose =>
  front(110, {
    legs: [
      { end: [118 + legOut, 147 - legOut * 0.2], bend: -1, foot: 0 },
      { end: [102, 147], bend: 1, foot: 180 },
    ],
    arms: [
      { end: [126, 92], bend: -1 },
      { end: [72, 93], bend: 1 },
    ],
  });
E['band-hip-abduction'] = [
  { props: floor() + chairBack(60) + post(30, 120) + band([30, 140], [118, 143]), pose: abd(0) },
  {
    props: floor() + chairBack(60) + post(30, 120) + band([30, 140], [150, 135]),
    pose: abd(32),
    arrows: arrow([140, 118], [168, 118], -6),
  },
];
const ext = (back: number): Pose => ({
  hip: [100, 77],
  trunk: -92,
  legs: [
    { end: [100 - back, 147 - back * 0.22], bend: -1, foot: 10 },
    { end: [102, 147], bend: -1, foot: 0 },
  ],
  arms: [
    { end: [146, 93], bend: 1 },
    { end: [140, 94], bend: 1 },
  ],
});
E['band-hip-extension'] = [
  { props: floor() + chairBack(150) + post(196, 120) + band([196, 140], [101, 143]), pose: ext(0) },
  {
    props: floor() + chairBack(150) + post(196, 120) + band([196, 140], [72, 139]),
    pose: ext(28),
    arrows: arrow([84, 118], [58, 118], 6),
  },
];
E['quadriceps-stretch'] = [
  {
    props: floor() + chairBack(150),
    pose: {
      hip: [100, 77],
      trunk: -90,
      legs: [
        { end: [86, 86], mid: [101, 113], bend: 1, foot: -150 },
        { end: [101, 147], bend: -1, foot: 0 },
      ],
      arms: [
        { end: [84, 90], bend: 1 },
        { end: [140, 93], bend: 1 },
      ],
    },
  },
];
// Half-kneeling: the back knee rests on the floor (on a cushion), the front foot flat; the hips move forward.
E['hip-flexor-stretch'] = [
  {
    props: floor() + mat(40, 180),
    pose: {
      hip: [94, 112],
      trunk: -88,
      legs: [
        { end: [50, 145], mid: [86, 144], bend: 1, foot: 180 },
        { end: [134, 146], mid: [130, 110], bend: -1, foot: 0 },
      ],
      arms: [
        { end: [120, 110], bend: 1 },
        { end: [116, 110], bend: 1 },
      ],
    },
    arrows: arrow([70, 86], [96, 86]),
  },
];
/** A plank: one straight line from heels through hips to shoulders, forearms under the shoulders. */
const plankPose = (hipY: number): Pose => {
  const ankle: Pt = [34, 139];
  const hip: Pt = [100, hipY];
  const angle = (Math.atan2(hip[1] - ankle[1], hip[0] - ankle[0]) * 180) / Math.PI;
  const shoulder = at(hip, angle, L.trunk * 0.88);
  const knee: Pt = [(ankle[0] + hip[0]) / 2, (ankle[1] + hip[1]) / 2];
  const elbow: Pt = [shoulder[0] + 2, 145];
  return {
    hip,
    trunk: angle,
    head: angle,
    legs: [
      { end: ankle, mid: knee, bend: 1, foot: 80 },
      { end: [ankle[0] - 2, ankle[1] + 1], mid: [knee[0] - 2, knee[1] + 1], bend: 1, foot: 80 },
    ],
    arms: [
      { end: [elbow[0] + 24, 146], mid: elbow, bend: -1 },
      { end: [elbow[0] + 20, 147], mid: [elbow[0] - 3, 146], bend: -1 },
    ],
  };
};
E['plank'] = [
  { props: floor() + mat(), pose: plankPose(138) },
  { props: floor() + mat(), pose: plankPose(124), arrows: arrow([100, 108], [100, 92]) },
];
// Heels, hips and shoulders on one straight slope, as the steps say: the hip sits one full leg length up the line.
const WALL_PLANK_ANGLE = -62;
const wallPlankHip: Pt = [92, 147 - (L.thigh + L.shin) * Math.sin(rad(-WALL_PLANK_ANGLE))];
const wallPlankAnkle = at(wallPlankHip, WALL_PLANK_ANGLE + 180, L.thigh + L.shin);
E['incline-plank'] = [
  {
    props: floor() + wall(154),
    pose: {
      hip: wallPlankHip,
      trunk: WALL_PLANK_ANGLE,
      legs: [
        { end: wallPlankAnkle, bend: 1, foot: 0 },
        { end: [wallPlankAnkle[0] - 3, wallPlankAnkle[1]], bend: 1, foot: 0 },
      ],
      arms: [
        { end: [153, 40], bend: 1 },
        { end: [153, 44], bend: 1 },
      ],
    },
  },
];
const sidePlank = (lift: boolean): Pose => ({
  hip: lift ? [96, 118] : [96, 146],
  trunk: lift ? -22 : -16,
  legs: [
    { end: [26, 146], bend: -1 },
    { end: [26, 148], bend: -1 },
  ],
  arms: lift
    ? [
        { end: [140, 58], bend: -1 },
        { end: [152, 148], mid: [136, 147], bend: 1 },
      ]
    : [
        { end: [94, 141], mid: [116, 138], bend: -1 },
        { end: [152, 148], mid: [137, 147], bend: 1 },
      ],
});
E['side-plank'] = [
  { props: floor() + mat(), pose: sidePlank(false) },
  { props: floor() + mat(), pose: sidePlank(true), arrows: arrow([96, 92], [96, 72]) },
];
const bridgePose = (lift: boolean): Pose => ({
  hip: lift ? [104, 114] : [110, 145],
  trunk: lift ? 146 : 180,
  legs: [
    { end: [150, 146], bend: -1, foot: 0 },
    { end: [146, 147], bend: -1, foot: 0 },
  ],
  arms: lift
    ? [
        { end: [106, 146], bend: -1 },
        { end: [104, 147], bend: -1 },
      ]
    : [
        { end: [112, 146], bend: -1 },
        { end: [110, 147], bend: -1 },
      ],
});
E['bridge'] = [
  { props: floor() + mat(), pose: bridgePose(false) },
  { props: floor() + mat(), pose: bridgePose(true), arrows: arrow([104, 104], [104, 82]) },
];
// Top-down view: lying on the side, seen from above; the top leg moves back (up in the picture).
const sideExt = (back: number): Pose => ({
  hip: [110, 96],
  trunk: 180,
  head: 180,
  legs: [
    { end: [178 - back * 0.3, 96 - back], bend: 1, foot: -90 },
    { end: [150, 132], bend: -1, foot: 0 },
  ],
  arms: [
    { end: [98, 112], bend: 1 },
    { end: [46, 112], bend: -1 },
  ],
});
// Seen from above: the mat is a soft filled shape under the body, not an outlined box.
const topMat = `<rect x="16" y="74" width="190" height="70" rx="10" stroke="none" fill="#edf1f4"/>`;
E['side-lying-hip-extension'] = [
  { props: topMat, pose: sideExt(0) },
  { props: topMat, pose: sideExt(26), arrows: arrow([190, 84], [178, 58], -4) },
];
// Lying on the left side, seen from the front (drawn slightly from above, as leaflets do): knees forward, feet
// together.
const clam = (open: boolean): Pose => ({
  hip: [120, 128],
  trunk: 182,
  head: 190,
  legs: [
    { end: [118, 145], mid: open ? [146, 98] : [154, 138], bend: -1, foot: 180 },
    { end: [118, 149], mid: [156, 147], bend: -1, foot: 180 },
  ],
  arms: [
    { end: [100, 147], bend: -1 },
    { end: [42, 134], bend: 1 },
  ],
});
E['clamshell'] = [
  { props: floor() + mat(), pose: clam(false) },
  { props: floor() + mat(), pose: clam(true), arrows: arrow([164, 124], [158, 98], -6) },
];
E['side-step-up'] = [
  {
    scale: 0.86,
    props: floor() + step(120, 70),
    pose: front(104, {
      hip: [104, 79],
      legs: [
        { end: [134, 129], bend: -1, foot: 0 },
        { end: [94, 147], bend: 1, foot: 180 },
      ],
    }),
  },
  {
    scale: 0.86,
    props: floor() + step(120, 70),
    pose: front(132, {
      hip: [132, 60],
      legs: [
        { end: [140, 129], bend: -1, foot: 0 },
        { end: [118, 112], bend: 1, foot: 180 },
      ],
    }),
    arrows: arrow([92, 100], [92, 76]),
  },
];
const trx = (down: boolean): Pose => ({
  hip: down ? [96, 108] : [100, 81],
  trunk: -88,
  legs: [
    { end: down ? [52, 144] : [98, 147], bend: down ? -1 : 1, foot: down ? 30 : 0 },
    { end: down ? [132, 147] : [103, 147], bend: -1, foot: 0 },
  ],
  arms: [
    { end: down ? [128, 52] : [130, 48], bend: 1 },
    { end: down ? [126, 54] : [128, 50], bend: 1 },
  ],
});
const strap = (h: Pt) =>
  `<line x1="200" y1="6" x2="${f(h[0])}" y2="${f(h[1])}" stroke="${PROP}" stroke-width="2.2"/>` +
  `<circle cx="200" cy="6" r="3" stroke="${PROP}"/>`;
E['trx-lunge'] = [
  { props: floor() + strap([130, 48]), pose: trx(false) },
  { props: floor() + strap([128, 52]), pose: trx(true), arrows: arrow([150, 90], [150, 116]) },
];
E['single-leg-deadlift'] = [
  {
    props: floor(),
    pose: {
      hip: [110, 77],
      trunk: -90,
      legs: [
        { end: [110, 147], bend: -1, foot: 0 },
        { end: [96, 136], bend: -1, foot: 20 },
      ],
      arms: [
        { end: [113, 84], bend: 1 },
        { end: [111, 84], bend: 1 },
      ],
    },
  },
  {
    props: floor(),
    pose: {
      hip: [104, 84],
      trunk: -12,
      head: -8,
      legs: [
        { end: [110, 147], bend: -1, foot: 0 },
        { end: [34, 76], bend: 1, foot: -90 },
      ],
      arms: [
        { end: [140, 124], bend: 1 },
        { end: [136, 124], bend: 1 },
      ],
    },
    arrows: arrow([118, 40], [150, 62], -8),
  },
];
E['pirate-stretch'] = [
  {
    props: floor() + wall(176),
    pose: front(126, {
      hip: [126, 82],
      trunk: -103,
      head: -110,
      legs: [
        { end: [104, 147], bend: 1, foot: 0 },
        { end: [116, 147], bend: -1, foot: 180 },
      ],
      arms: [
        { end: [70, 14], bend: 1 },
        { end: [100, 86], bend: 1 },
      ],
    }),
    arrows: arrow([150, 72], [166, 72]),
  },
];
const roll = (x: number): Pose => ({
  hip: [x, 128],
  trunk: -14,
  legs: [
    { end: [x - 64, 142], bend: -1, foot: 180 },
    { end: [x - 16, 147], bend: 1, foot: 0 },
  ],
  arms: [
    { end: [x + 58, 148], mid: [x + 42, 146], bend: 1 },
    { end: [x + 24, 146], bend: 1 },
  ],
});
const roller = (x: number) => `<circle cx="${x}" cy="140" r="9.5" stroke="${PROP}"/>`;
E['foam-roll-outer-thigh'] = [
  { props: floor() + roller(96), pose: roll(104) },
  { props: floor() + roller(76), pose: roll(114), arrows: arrow([64, 112], [40, 112]) + arrow([64, 104], [88, 104]) },
];
// Side view on hands and knees; the lifted thigh is drawn short because it swings out towards the viewer.
const hydrant = (lift: boolean): Pose => ({
  hip: [76, 112],
  trunk: -4,
  head: -20,
  legs: [
    lift
      ? { end: [50, 104], mid: [84, 110], bend: 1, foot: 90 }
      : { end: [42, 148], mid: [78, 148], bend: 1, foot: 180 },
    { end: [40, 148], mid: [76, 148], bend: 1, foot: 180 },
  ],
  arms: [
    { end: [126, 149], bend: -1 },
    { end: [122, 149], bend: -1 },
  ],
});
E['fire-hydrant'] = [
  { props: floor() + mat(), pose: hydrant(false) },
  { props: floor() + mat(), pose: hydrant(true), arrows: arrow([58, 136], [66, 100], 10) },
];
const bandWalk = (x: number, w: number, dy = 0): Pose =>
  front(x, {
    hip: [x, 86],
    trunk: -90,
    legs: [
      { end: [x + w, 147 - dy], bend: -1, foot: 0 },
      { end: [x - w, 147], bend: 1, foot: 180 },
    ],
    arms: [
      { end: [x + 22, 92], bend: -1 },
      { end: [x - 22, 92], bend: 1 },
    ],
  });
E['lateral-band-walk'] = [
  { props: floor(), pose: bandWalk(104, 10), arrows: band([94, 136], [114, 136]) },
  { props: floor(), pose: bandWalk(116, 24), arrows: band([92, 136], [140, 136]) + arrow([150, 60], [186, 60]) },
];
E['monster-walk'] = [
  { props: floor(), pose: bandWalk(110, 20, -4), arrows: band([90, 138], [130, 136]) + arrow([150, 58], [176, 40]) },
  { props: floor(), pose: bandWalk(110, 20, 4), arrows: band([90, 136], [130, 130]) + arrow([70, 58], [44, 40]) },
];
const hamSeat = (lean: number): Pose => ({
  hip: [84, 110],
  trunk: -90 + lean,
  head: -90 + lean * 1.1,
  legs: [
    { end: [150, 146], bend: -1, foot: -70 },
    { end: [116, 146], bend: -1, foot: 0 },
  ],
  arms: [
    { end: [110, 106], bend: 1 },
    { end: [106, 106], bend: 1 },
  ],
});
E['hamstring-stretch'] = [
  { props: floor() + chairSide(56, 114), pose: hamSeat(0) },
  {
    props: floor() + chairSide(56, 114),
    pose: {
      ...hamSeat(40),
      arms: [
        { end: [130, 120], bend: 1 },
        { end: [126, 120], bend: 1 },
      ],
    },
    arrows: arrow([110, 40], [136, 60], -6),
  },
];
// Side view, sitting: the crossed leg points out towards the viewer, so its thigh and shin are drawn short.
const piri = (lean: number): Pose => ({
  hip: [84, 110],
  trunk: -90 + lean,
  head: -90 + lean,
  legs: [
    { end: [126, 102], mid: [108, 100], bend: -1, foot: -10 },
    { end: [120, 146], mid: [120, 112], bend: -1, foot: 0 },
  ],
  arms: [
    { end: [112, 100], bend: 1 },
    { end: [126, 104], bend: 1 },
  ],
});
E['seated-piriformis-stretch'] = [
  { props: floor() + chairSide(56, 114), pose: piri(0) },
  { props: floor() + chairSide(56, 114), pose: piri(36), arrows: arrow([104, 36], [132, 56], -6) },
];
// Child's pose: kneeling, sitting back towards the heels, chest lowered towards the floor, arms reaching forward.
const childs = (back: boolean): Pose => ({
  hip: back ? [60, 118] : [70, 100],
  trunk: back ? 19.5 : -8,
  head: back ? 20 : 4,
  legs: [
    { end: [52, 145], mid: [100, 143], bend: -1, foot: 180 },
    { end: [54, 146], mid: [98, 144], bend: -1, foot: 180 },
  ],
  arms: back
    ? [
        { end: [148, 145], bend: -1 },
        { end: [145, 146], bend: -1 },
      ]
    : [
        { end: [124, 145], bend: 1 },
        { end: [120, 146], bend: 1 },
      ],
});
E['childs-pose'] = [
  { props: floor() + mat(), pose: childs(false) },
  { props: floor() + mat(), pose: childs(true), arrows: arrow([96, 84], [64, 104], 8) },
];
const walkPose = (x: number): Pose => ({
  hip: [x, 82],
  trunk: -87,
  legs: [
    { end: [x + 20, 146], bend: -1, foot: -10 },
    { end: [x - 22, 144], bend: -1, foot: 40 },
  ],
  arms: [
    { end: [x - 16, 118], bend: 1 },
    { end: [x + 18, 116], bend: 1 },
  ],
});
E['water-walking'] = [{ props: floor() + water(66), pose: walkPose(110), arrows: arrow([150, 96], [186, 96]) }];
E['swimming'] = [
  {
    props: water(96),
    // Front crawl from the side: one arm reaching forward over the water, the other pulling underneath.
    pose: {
      hip: [88, 102],
      trunk: -2,
      head: -4,
      legs: [
        { end: [18, 98], bend: 1, foot: 185 },
        { end: [19, 111], bend: -1, foot: 175 },
      ],
      arms: [
        { end: [180, 96], mid: [150, 70], bend: -1 },
        { end: [112, 132], bend: 1 },
      ],
    },
  },
];
const bike =
  `<circle cx="170" cy="126" r="18" stroke="${PROP}" stroke-width="2.2"/><circle cx="120" cy="124" r="14" ` +
  `stroke="${PROP}" stroke-width="1.6"/>` +
  `<polyline points="${pts([86, 88], [120, 124], [148, 62])}" stroke="${PROP}"/>` +
  `<line x1="74" y1="86" x2="96" y2="86" stroke="${PROP}" stroke-width="4"/>` +
  `<line x1="142" y1="60" x2="158" y2="60" stroke="${PROP}" stroke-width="4"/>` +
  `<polyline points="${pts([90, 150], [120, 124], [170, 126])}" stroke="${PROP}"/><line x1="60" y1="150" x2="200" ` +
  `y2="150" stroke="${PROP}"/>`;
E['cycling'] = [
  {
    props: bike,
    pose: {
      hip: [86, 80],
      trunk: -66,
      head: -56,
      legs: [
        { end: [134, 116], bend: -1, foot: 10 },
        { end: [106, 132], bend: -1, foot: 10 },
      ],
      arms: [
        { end: [150, 60], bend: 1 },
        { end: [146, 61], bend: 1 },
      ],
    },
  },
];
E['walking'] = [{ props: floor(), pose: walkPose(110), arrows: arrow([150, 60], [186, 60]) }];

// Seen from the front, sitting: the thighs come towards the viewer (drawn short), a ball between the knees.
const chairFront = (x: number, seatY: number, w = 52) => {
  const [l, r] = [x - w / 2, x + w / 2];
  const back = pts([l + 6, seatY - 56], [l + 6, seatY], [r - 6, seatY], [r - 6, seatY - 56]);
  const seat = pts([l, 150], [l, seatY], [r, seatY], [r, 150]);
  return `<polyline points="${back}" stroke="${PROP}"/><polyline points="${seat}" stroke="${PROP}"/>`;
};
const ball = (c: Pt, r: number) =>
  `<circle cx="${f(c[0])}" cy="${f(c[1])}" r="${r}" stroke="${PROP}" stroke-width="2" fill="#f0a860"/>`;
E['adductor-squeeze'] = [
  {
    props: floor() + chairFront(110, 120, 60),
    pose: front(110, {
      hip: [110, 114],
      hipW: 18,
      legs: [
        { end: [126, 147], mid: [127, 127], bend: -1, foot: 0 },
        { end: [94, 147], mid: [93, 127], bend: 1, foot: 180 },
      ],
      // Hands on the knees, elbows out, so the thighs and the ball between the knees stay in view.
      arms: [
        { end: [131, 122], mid: [138, 100], bend: -1 },
        { end: [89, 122], mid: [82, 100], bend: 1 },
      ],
    }),
    arrows: ball([110, 128], 8.5) + arrow([158, 128], [140, 128]) + arrow([62, 128], [80, 128]),
  },
];

/**
 * Where the bump shows on the pregnant figure of each exercise a pregnancy plan can hold: the belly side in a profile
 * view (+1 or -1, see Pose.bump), or 'front' where the belly faces the viewer.
 */
export const BUMP: Record<string, Bump> = {
  'seated-foot-press': 1,
  'band-hip-abduction': 'front',
  'adductor-squeeze': 'front',
  'band-hip-extension': 1,
  'quadriceps-stretch': 1,
  'hip-flexor-stretch': 1,
  'incline-plank': 1,
  'side-plank': 'front',
  // Seen from above, lying on the side: the back is up the picture, the belly down.
  'side-lying-hip-extension': -1,
  clamshell: 'front',
  'side-step-up': 'front',
  'pirate-stretch': 'front',
  'foam-roll-outer-thigh': 'front',
  'fire-hydrant': 1,
  'lateral-band-walk': 'front',
  'monster-walk': 'front',
  'hamstring-stretch': 1,
  'seated-piriformis-stretch': 1,
  'childs-pose': 1,
  'water-walking': 1,
  swimming: 1,
  cycling: 1,
  walking: 1,
};

/**
 * Exercises a pregnancy plan holds only before a bump shows, so a pregnant figure would draw a position the handout
 * tells the patient to stop as the bump grows.
 */
export const NO_PREGNANT_FIGURE: Record<string, string> = {
  'wall-foot-press': 'lying on the back: only in plans before 16 weeks, replaced by the seated foot press after',
  bridge: 'lying on the back: only in plans before 16 weeks, replaced by side-lying hip extension after',
  plank: 'face down: only in plans before 12 weeks, replaced by the wall plank after',
};

/** Every illustration file: name and SVG text (the test compares them with the committed files). */
export function drawAll(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, panels] of Object.entries(E)) {
    out.set(`${id}.svg`, svg(panels));
    const side = BUMP[id];
    if (side) out.set(`${id}-pregnant.svg`, svg(panels.map((p) => ({ ...p, pose: { ...p.pose, bump: side } }))));
  }
  return out;
}

if (process.argv[1]?.endsWith('draw-illustrations.ts')) {
  const outDir = join(process.cwd(), 'resources/illustrations');
  mkdirSync(outDir, { recursive: true });
  const all = drawAll();
  for (const [file, text] of all) writeFileSync(join(outDir, file), text);
  console.log(`wrote ${all.size} illustrations to ${outDir}`);
}
