/**
 * The clinical letter: what a GP or an insurer reads about a patient, in words. Built here as plain blocks of text
 * (so it is tested without a PDF) from the record, the clinician's latest examination and the handouts given, with
 * every id turned into the content's own label in the letter's language; `letter-pdf.ts` lays the blocks out.
 */
import { answerSections, inLocale, type AnswerWords } from '../content/answer-text';
import type { Content } from '../content/schema';
import type { Language } from '../locales/catalog';
import { kioskText } from '../locales/catalog';
import { formatMessage, type Values } from '../locales/format';
import type { PatientRecord } from './record';
import type { PatientOutcomes } from '../measures/outcomes';
import type { ChangeVerdict } from '../measures/scoring';

type PerSide<T> = { left: T; right: T };

/**
 * The parts of an assessment note the letter reports, structurally (core cannot import the api's schema; a stored
 * note read with `noteFromStored` has this shape).
 */
export interface LetterFindings {
  legLength: { trueCm: PerSide<number | null>; apparentCm: PerSide<number | null> };
  gait: string;
  singleLegSquat: PerSide<string>;
  examination: {
    tests: Record<string, PerSide<{ result: 'not-tested' | 'negative' | 'positive'; where: string }>>;
    rangeOfMotion: Record<string, PerSide<number | null>>;
  };
  strength: { hipAbductors: PerSide<number | null>; hipExtensors: PerSide<number | null> };
  impression: string[];
  plan: string;
}

/** What the letter reports beyond the intakes: the latest assessment and the handouts, with who wrote them. */
export interface LetterFacts {
  /** The latest version of the latest visit's assessment, or null when none was recorded. */
  assessment: { createdAt: string; authorName: string; findings: LetterFindings } | null;
  handouts: { createdAt: string; authorName: string; exerciseIds: string[] }[];
  /** Outcome measures across visits (core/measures/outcomes.ts), every change already decided against its MCID. */
  outcomes: PatientOutcomes;
}

export type LetterBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'item'; text: string }
  | { kind: 'answer'; question: string; answer: string };

export interface ClinicalLetter {
  /** Used as the PDF's document title. */
  title: string;
  clinic: string;
  /** Date line, the patient line and their phone. */
  header: string[];
  blocks: LetterBlock[];
  signOff: string;
  signature: string;
  /** The page footer's message, filled in per page by the layout. */
  pageLabel: (n: number, of: number) => string;
}

export type LetterContent = Pick<Content, 'conditions' | 'redFlags' | 'examination' | 'library' | 'measures'>;

/** Words for answers in the letter's language: yes/no, body regions and duration units from its kiosk strings. */
export function letterWords(language: Language): AnswerWords {
  return {
    yes: kioskText(language, 'yes'),
    no: kioskText(language, 'no'),
    region: (id) => kioskText(language, `region.${id}`),
    unit: (unit) => kioskText(language, `unit.${unit}`),
  };
}

export function clinicalLetter(
  record: PatientRecord,
  facts: LetterFacts,
  content: LetterContent,
  language: Language,
): ClinicalLetter {
  const code = language.code;
  const t = (key: string, values: Values = {}) => formatMessage(language.record[key] ?? key, values, language.intl);
  // Visit times are instants shown as the clinic's local day; a birth date is a calendar date, shown as written.
  const onDay = (iso: string) => new Intl.DateTimeFormat(language.intl, { dateStyle: 'long' }).format(new Date(iso));
  const calendar = (date: string) =>
    new Intl.DateTimeFormat(language.intl, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00Z`));
  const list = (items: string[]) => new Intl.ListFormat(language.intl, { type: 'conjunction' }).format(items);
  const blocks: LetterBlock[] = [];
  const heading = (text: string) => blocks.push({ kind: 'heading', text });
  const text = (value: string) => blocks.push({ kind: 'text', text: value });
  const item = (value: string) => blocks.push({ kind: 'item', text: value });

  const { patient } = record;
  // A visit whose identity no clinician has confirmed may be a namesake's: it stays out of a letter, which says so.
  const sessions = record.sessions.filter((s) => s.identityStatus !== 'to-confirm');
  const unconfirmed = record.sessions.length - sessions.length;
  const header = [
    t('date', { date: onDay(record.exportedAt) }),
    t('re', { name: patient.fullName, dob: calendar(patient.dateOfBirth) }),
  ];
  if (patient.phone) header.push(t('phone', { phone: patient.phone }));

  heading(t('visits'));
  text(
    t('visitCount', {
      n: sessions.length,
      clinic: record.clinicName,
      dates: list(sessions.map((s) => onDay(s.submittedAt))),
    }),
  );
  if (unconfirmed > 0) text(t('unconfirmedLeftOut', { n: unconfirmed }));

  const first = sessions[0];
  if (first) {
    heading(t('complaint'));
    text(t('complaintIntro', { date: onDay(first.submittedAt) }));
    const sections = first.questionnaire
      ? answerSections(first.questionnaire, first.answers, code, letterWords(language))
      : [];
    for (const section of sections) {
      blocks.push({ kind: 'subheading', text: section.title });
      for (const row of section.rows) blocks.push({ kind: 'answer', question: row.question, answer: row.answer });
    }
  }

  heading(t('warningSigns'));
  const flagged = sessions.filter((s) => s.triage.redFlags.length > 0);
  if (flagged.length === 0) text(t('warningSignsNone'));
  for (const s of flagged) {
    const names = s.triage.redFlags.map((f) => {
      const flag = content.redFlags.find((r) => r.id === f.id);
      return flag ? inLocale(flag.name, code) : t('warningSignUnknown');
    });
    item(t('warningSignsOn', { date: onDay(s.submittedAt), signs: list(names) }));
  }

  heading(t('findings'));
  const assessment = facts.assessment;
  if (!assessment) text(t('findingsNone'));
  else {
    text(t('findingsIntro', { date: onDay(assessment.createdAt) }));
    findingsBlocks(assessment.findings, content, code, t, list).forEach((b) => blocks.push(b));
  }

  heading(t('impression'));
  const impression = (assessment?.findings.impression ?? []).flatMap((id) => {
    const condition = content.conditions.find((c) => c.id === id);
    return condition ? [inLocale(condition.name, code)] : [];
  });
  if (impression.length === 0) text(t('impressionNone'));
  for (const name of impression) item(name);

  heading(t('plan'));
  text(assessment?.findings.plan.trim() || t('planNone'));
  blocks.push({ kind: 'subheading', text: t('handouts') });
  if (facts.handouts.length === 0) text(t('handoutsNone'));
  for (const h of facts.handouts) {
    const names = h.exerciseIds.flatMap((id) => {
      const exercise = content.library.exercises.find((e) => e.id === id);
      return exercise ? [inLocale(exercise.name, code)] : [];
    });
    item(t('handoutOn', { date: onDay(h.createdAt), exercises: list(names) }));
  }

  const { outcomes } = facts;
  if (outcomes.series.length + outcomes.pgic.length + outcomes.exerciseDays.length > 0) {
    heading(t('measures'));
    const number = (x: number) => new Intl.NumberFormat(language.intl, { maximumFractionDigits: 1 }).format(x);
    const signed = (x: number) => (x > 0 ? `+${number(x)}` : x < 0 ? `−${number(-x)}` : '±0');
    const verdictKey: Record<ChangeVerdict, string> = {
      'important-improvement': 'importantImprovement',
      'important-worsening': 'importantWorsening',
      'no-important-change': 'noImportantChange',
    };
    for (const series of outcomes.series) {
      blocks.push({ kind: 'subheading', text: inLocale(content.measures[series.measure].name, code) });
      for (const p of series.points) {
        const date = calendar(p.visitDate);
        const value = number(p.value);
        if (p.notCompared) item(t('measureNotCompared', { date, value }));
        else if (!p.sinceFirst) item(t('measureFirst', { date, value }));
        else {
          const verdict = t(verdictKey[p.sinceFirst.verdict], { mcid: number(p.sinceFirst.mcid) });
          item(t('measureChange', { date, value, change: signed(p.sinceFirst.change), verdict }));
        }
      }
    }
    if (outcomes.pgic.length > 0) {
      blocks.push({ kind: 'subheading', text: inLocale(content.measures.pgic.name, code) });
      for (const p of outcomes.pgic) {
        const option = content.measures.pgic.options.find((o) => o.id === p.optionId);
        if (!option) continue;
        const verdict = t(p.importantImprovement ? 'pgicImportant' : 'pgicNotImportant');
        item(t('pgicAnswer', { date: calendar(p.visitDate), answer: inLocale(option.label, code), verdict }));
      }
    }
    for (const d of outcomes.exerciseDays) text(t('exerciseDays', { date: calendar(d.visitDate), days: d.days }));
  }

  const signer = assessment?.authorName ?? facts.handouts.at(-1)?.authorName;
  return {
    title: t('title'),
    clinic: record.clinicName,
    header,
    blocks,
    signOff: t('signOff'),
    signature: signer ?? t('unsigned', { clinic: record.clinicName }),
    pageLabel: (n, of) => t('page', { n, of }),
  };
}

function findingsBlocks(
  f: LetterFindings,
  content: LetterContent,
  code: string,
  t: (key: string, values?: Values) => string,
  list: (items: string[]) => string,
): LetterBlock[] {
  const out: LetterBlock[] = [];
  const sub = (text: string) => out.push({ kind: 'subheading', text });
  const item = (text: string) => out.push({ kind: 'item', text });
  const sides = (left: boolean, right: boolean) =>
    left && right ? t('sideBoth') : left ? t('sideLeft') : t('sideRight');

  const positive: string[] = [];
  const negative: string[] = [];
  for (const test of content.examination.tests) {
    const r = f.examination.tests[test.id];
    if (!r) continue;
    const name = inLocale(test.name, code);
    const pos = { left: r.left.result === 'positive', right: r.right.result === 'positive' };
    const neg = { left: r.left.result === 'negative', right: r.right.result === 'negative' };
    if (pos.left || pos.right) {
      const where = [...new Set([r.left.where, r.right.where].map((w) => w.trim()).filter(Boolean))];
      const s = sides(pos.left, pos.right);
      positive.push(
        where.length
          ? t('testWhere', { test: name, sides: s, where: where.join('; ') })
          : t('testSides', { test: name, sides: s }),
      );
    }
    if (neg.left || neg.right) negative.push(t('testSides', { test: name, sides: sides(neg.left, neg.right) }));
  }
  if (positive.length) {
    sub(t('testsPositive'));
    positive.forEach(item);
  }
  if (negative.length) {
    sub(t('testsNegative'));
    item(list(negative));
  }

  const degrees = (v: number | null) => (v === null ? t('notMeasured') : `${v}°`);
  const moves = content.examination.rangeOfMotion.filter((m) => {
    const r = f.examination.rangeOfMotion[m.id];
    return r && (r.left !== null || r.right !== null);
  });
  if (moves.length) {
    sub(t('rangeOfMotion'));
    for (const m of moves) {
      const r = f.examination.rangeOfMotion[m.id]!;
      item(t('degrees', { movement: inLocale(m.name, code), left: degrees(r.left), right: degrees(r.right) }));
    }
  }

  const measured = <T>(p: PerSide<T | null>) => p.left !== null || p.right !== null;
  const value = (v: number | null, unit = '') => (v === null ? t('notMeasured') : `${v}${unit}`);
  const { hipAbductors, hipExtensors } = f.strength;
  if (measured(hipAbductors) || measured(hipExtensors)) {
    sub(t('strength'));
    if (measured(hipAbductors))
      item(t('hipAbductors', { left: value(hipAbductors.left), right: value(hipAbductors.right) }));
    if (measured(hipExtensors))
      item(t('hipExtensors', { left: value(hipExtensors.left), right: value(hipExtensors.right) }));
  }
  // Measurements and observations follow as sentences of their own, not under the strength list.
  const line = (text: string) => out.push({ kind: 'text', text });
  const { trueCm, apparentCm } = f.legLength;
  if (measured(trueCm)) line(t('legLength', { left: value(trueCm.left, ' cm'), right: value(trueCm.right, ' cm') }));
  if (measured(apparentCm))
    line(t('apparentLegLength', { left: value(apparentCm.left, ' cm'), right: value(apparentCm.right, ' cm') }));
  if (f.gait.trim()) out.push({ kind: 'answer', question: t('gait'), answer: f.gait.trim() });
  const squat = f.singleLegSquat;
  if (squat.left.trim() || squat.right.trim())
    line(t('singleLegSquat', { left: squat.left.trim() || '—', right: squat.right.trim() || '—' }));
  return out;
}

/** Every piece of text the letter prints, for the missing-glyph check. */
export function letterText(letter: ClinicalLetter): string {
  const parts = [letter.title, letter.clinic, ...letter.header, letter.signOff, letter.signature];
  for (const b of letter.blocks) parts.push(b.kind === 'answer' ? `${b.question} ${b.answer}` : b.text);
  return parts.join('\n');
}
