/**
 * Answers as words, one way for every reader: the kiosk's review page, the clinician's session view and the record
 * export all show option labels, region names and "6 weeks", never ids. Pure and zod-free (the schema is imported
 * for its types only), so the kiosk bundle can use it.
 */
import type { DurationUnit } from '../vocabulary';
import type { AnswerValue, I18nText, Question, Questionnaire } from './schema';
import { visibleSections } from './visibility';

/** The words an answer needs that the questionnaire does not carry, in one language. */
export interface AnswerWords {
  yes: string;
  no: string;
  /** A body region's name ("Right outer hip"). */
  region(id: string): string;
  /** A duration unit as it follows a number ("weeks"). */
  unit(unit: DurationUnit): string;
}

export interface AnswerRow {
  questionId: string;
  /** The question as the patient read it, in the chosen language. */
  question: string;
  answer: string;
}

export interface AnswerSection {
  sectionId: string;
  title: string;
  rows: AnswerRow[];
}

export interface AnswerRowsOptions {
  /** Text for a visible question left unanswered; without it such a question has no row. */
  unanswered?: string;
  /** Questions that count for what is visible but get no row (the kiosk never shows the age it derives). */
  hide?: readonly string[];
}

/** Content text in the chosen language, else English. */
export function inLocale(text: I18nText, locale: string): string {
  return text[locale] ?? text.en;
}

/** Nothing chosen or typed: no value, an empty text or an empty list. */
export function isUnanswered(value: AnswerValue | undefined): value is undefined {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** An option's label in a language, or its id when the question has no such option. */
export function optionLabel(q: Question, id: string, locale: string): string {
  const option = q.options?.find((o) => o.id === id);
  return option ? inLocale(option.label, locale) : id;
}

/**
 * One answer in the patient's words. Follows the value's shape rather than trusting the question type alone, so an
 * answer stored under an older questionnaire still reads as something sensible.
 */
export function answerText(q: Question, value: AnswerValue, locale: string, words: AnswerWords): string {
  if (Array.isArray(value))
    return value.map((id) => (q.type === 'bodymap' ? words.region(id) : optionLabel(q, id, locale))).join(', ');
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'object') return `${value.value} ${words.unit(value.unit)}`;
  if (typeof value === 'number') {
    if (q.type === 'scale') {
      const anchor = q.anchors?.[String(value)];
      return anchor ? `${value} (${inLocale(anchor, locale)})` : `${value} / ${q.max ?? 10}`;
    }
    const unit = q.unit === undefined ? '' : typeof q.unit === 'string' ? q.unit : inLocale(q.unit, locale);
    return `${value} ${unit}`.trim();
  }
  return q.type === 'single' ? optionLabel(q, value, locale) : value;
}

/** The visible questions' answers section by section, in questionnaire order; sections without a row are left out. */
export function answerSections(
  questionnaire: Questionnaire,
  answers: Readonly<Record<string, AnswerValue | undefined>>,
  locale: string,
  words: AnswerWords,
  options: AnswerRowsOptions = {},
): AnswerSection[] {
  const hidden = new Set(options.hide ?? []);
  return visibleSections(questionnaire, answers)
    .map(({ section, questions }) => ({
      sectionId: section.id,
      title: inLocale(section.title, locale),
      rows: questions.flatMap((q): AnswerRow[] => {
        if (hidden.has(q.id)) return [];
        const value = answers[q.id];
        if (isUnanswered(value))
          return options.unanswered === undefined
            ? []
            : [{ questionId: q.id, question: inLocale(q.label, locale), answer: options.unanswered }];
        return [{ questionId: q.id, question: inLocale(q.label, locale), answer: answerText(q, value, locale, words) }];
      }),
    }))
    .filter((s) => s.rows.length > 0);
}

/** The same rows as one list, for readers that show no sections. */
export function answerRows(
  questionnaire: Questionnaire,
  answers: Readonly<Record<string, AnswerValue | undefined>>,
  locale: string,
  words: AnswerWords,
  options: AnswerRowsOptions = {},
): AnswerRow[] {
  return answerSections(questionnaire, answers, locale, words, options).flatMap((s) => s.rows);
}
