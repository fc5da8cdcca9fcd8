/**
 * What an amendment changed: both versions of the note read as labelled lines in words ("FADIR, right: positive
 * (deep groin)"), and the lines whose words differ. Comparing words, not JSON, keeps a test that was never done equal
 * to one recorded as "not tested" on both sides.
 */
import { NOT_TESTED, type AssessmentNote, type SideResult } from '../../src-main/api/assessment';
import type { ContentCatalog } from '../../src-main/api/types';
import { conditionName } from './format';

export interface NoteChange {
  label: string;
  before: string;
  after: string;
}

const SIDES = ['left', 'right'] as const;
const EMPTY = '—';

const cm = (v: number | null) => (v === null ? EMPTY : `${v} cm`);
const deg = (v: number | null) => (v === null ? EMPTY : `${v}°`);
const grade = (g: number | null) => (g === null ? EMPTY : `${g}/5`);
const words = (s: string) => s.replace(/-/g, ' ');
const text = (s: string) => s || EMPTY;

export function sideText(s: SideResult): string {
  if (s.result === 'not-tested') return 'not tested';
  return s.where ? `${s.result} (${s.where})` : s.result;
}

/**
 * Every field of a note as a label and its value in words, in the order the form shows them; tests and movements
 * named only in the `also` notes get a line too, so two notes compare line by line.
 */
export function noteLines(
  note: AssessmentNote,
  catalog: ContentCatalog | null,
  also: readonly AssessmentNote[] = [],
): Map<string, string> {
  const notes = [note, ...also];
  const lines = new Map<string, string>();
  for (const side of SIDES) lines.set(`True leg length, ${side}`, cm(note.legLength.trueCm[side]));
  for (const side of SIDES) lines.set(`Apparent leg length, ${side}`, cm(note.legLength.apparentCm[side]));
  lines.set('Knees-to-chest screen', words(note.legLength.kneesToChest));
  lines.set('Iliac crest height', words(note.pelvis.iliacCrest));
  lines.set('Iliac crest difference', note.pelvis.differenceMm === null ? EMPTY : `${note.pelvis.differenceMm} mm`);
  for (const side of SIDES)
    lines.set(`Shoe wear, ${side}`, note.shoeWear[side].length ? note.shoeWear[side].map(words).join(', ') : EMPTY);
  lines.set('Shoe notes', text(note.shoeWear.note));
  lines.set('Gait', text(note.gait));
  for (const side of SIDES) lines.set(`Single-leg squat, ${side}`, text(note.singleLegSquat[side]));

  // Tests in the content's order, then any the content no longer has (an old note keeps them readable).
  const testIds = [
    ...new Set([
      ...(catalog?.examination.tests.map((t) => t.id) ?? []),
      ...notes.flatMap((n) => Object.keys(n.examination.tests)),
    ]),
  ];
  for (const id of testIds) {
    const name = catalog?.examination.tests.find((t) => t.id === id)?.name ?? id;
    const result = note.examination.tests[id] ?? NOT_TESTED;
    for (const side of SIDES) lines.set(`${name}, ${side}`, sideText(result[side]));
  }
  const movementIds = [
    ...new Set([
      ...(catalog?.examination.rangeOfMotion.map((m) => m.id) ?? []),
      ...notes.flatMap((n) => Object.keys(n.examination.rangeOfMotion)),
    ]),
  ];
  for (const id of movementIds) {
    const name = catalog?.examination.rangeOfMotion.find((m) => m.id === id)?.name ?? id;
    const range = note.examination.rangeOfMotion[id] ?? { left: null, right: null };
    for (const side of SIDES) lines.set(`${name}, ${side}`, deg(range[side]));
  }
  for (const side of SIDES) lines.set(`Hip abductors, ${side}`, grade(note.strength.hipAbductors[side]));
  for (const side of SIDES) lines.set(`Hip extensors, ${side}`, grade(note.strength.hipExtensors[side]));
  lines.set(
    'Impression',
    note.impression.length ? note.impression.map((id) => conditionName(catalog, id)).join(', ') : EMPTY,
  );
  lines.set('Plan', text(note.plan));
  lines.set('Other notes', text(note.notes));
  return lines;
}

/** The lines that differ between a version and the one it amends. */
export function noteChanges(
  previous: AssessmentNote,
  current: AssessmentNote,
  catalog: ContentCatalog | null,
): NoteChange[] {
  const before = noteLines(previous, catalog, [current]);
  const after = noteLines(current, catalog, [previous]);
  const labels = [...new Set([...before.keys(), ...after.keys()])];
  return labels
    .map((label) => ({ label, before: before.get(label) ?? EMPTY, after: after.get(label) ?? EMPTY }))
    .filter((c) => c.before !== c.after);
}
