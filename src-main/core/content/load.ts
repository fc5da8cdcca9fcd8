/**
 * The one loader of Stride's content: the clinical files and the handout library, validated for the languages found
 * in resources/locales. Every problem (schema, cross-reference, missing language) is collected and thrown together
 * in one ContentError, each line naming its file and path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { condQuestions } from './cond';
import { checkExamination, examinationSchema } from './examination';
import { contentHash } from './hash';
import { checkMeasures, measuresSchema } from './measures';
import { ContentError, parseFile } from './problems';
import { cachedVerdict, cacheKey, rememberVerdict, type Source, type ValidationCache } from './validation-cache';
import type { Cond, Content, ContentFileName, Question, Questionnaire } from './schema';
import type { ExerciseLibrary } from '../handout/schema';
import { BODY_REGIONS, CONTENT_FILES, clinicalSchemas } from './schema';
import { handoutSchemas, type AdviceFile } from '../handout/schema';
import { buildLibrary, checkLibrary, libraryPlanTexts } from '../handout/library';
import { loadLocales } from '../locales/load';
import { localeCodes, type LocaleCatalog } from '../locales/catalog';

export { ContentError } from './problems';

/** Fixed question ids other parts of Stride code against, with the type each must have. */
const FIXED_QUESTIONS: Record<string, Question['type']> = {
  pain_regions: 'bodymap',
  pain_now: 'scale',
  pain_worst: 'scale',
  pregnant: 'single',
  pregnancy_weeks: 'number',
};

function checkQuestionnaire(q: Questionnaire, problems: string[]): Map<string, Question> {
  const file = 'questionnaire.json';
  const byId = new Map<string, Question>();
  const sectionIds = new Set<string>();
  q.sections.forEach((s, si) => {
    const sp = `sections[${si}]`;
    if (sectionIds.has(s.id)) problems.push(`${file}: ${sp}.id: duplicate section id "${s.id}"`);
    sectionIds.add(s.id);
    s.questions.forEach((question, qi) => {
      const p = `${sp}.questions[${qi}]`;
      if (byId.has(question.id)) problems.push(`${file}: ${p}.id: duplicate question id "${question.id}"`);
      const needsOptions = question.type === 'single' || question.type === 'multi';
      if (needsOptions && !question.options)
        problems.push(`${file}: ${p}.options: a ${question.type} question needs options`);
      if (!needsOptions && question.options)
        problems.push(`${file}: ${p}.options: a ${question.type} question takes no options`);
      const optIds = new Set<string>();
      question.options?.forEach((o, oi) => {
        if (optIds.has(o.id)) problems.push(`${file}: ${p}.options[${oi}].id: duplicate option id "${o.id}"`);
        optIds.add(o.id);
      });
      if (question.min !== undefined && question.max !== undefined && question.min > question.max)
        problems.push(`${file}: ${p}: min ${question.min} is above max ${question.max}`);
      if (question.anchors && question.type !== 'scale')
        problems.push(`${file}: ${p}.anchors: only scale questions take anchors`);
      if (question.showIf) checkCond(question.showIf, `${file}: ${p}.showIf`, byId, problems, 'an earlier question');
      byId.set(question.id, question);
    });
  });
  for (const [qid, type] of Object.entries(FIXED_QUESTIONS)) {
    const found = byId.get(qid);
    if (!found) problems.push(`${file}: required question "${qid}" (${type}) is missing`);
    else if (found.type !== type)
      problems.push(`${file}: question "${qid}" must be of type ${type}, not ${found.type}`);
  }
  const preg = byId.get('pregnant');
  if (preg?.options) {
    const ids = preg.options
      .map((o) => o.id)
      .sort()
      .join(',');
    if (ids !== 'no,unsure,yes')
      problems.push(`${file}: question "pregnant" must have exactly the options yes, no, unsure`);
  }
  return byId;
}

/** Checks that a predicate only names known questions, options and regions, with values of the right type. */
function checkCond(
  c: Cond,
  where: string,
  questions: Map<string, Question>,
  problems: string[],
  known = 'a question',
): void {
  if ('all' in c) return c.all.forEach((x, i) => checkCond(x, `${where}.all[${i}]`, questions, problems, known));
  if ('any' in c) return c.any.forEach((x, i) => checkCond(x, `${where}.any[${i}]`, questions, problems, known));
  if ('not' in c) return checkCond(c.not, `${where}.not`, questions, problems, known);
  if ('bmiAtLeast' in c) {
    for (const qid of condQuestions(c))
      if (questions.get(qid)?.type !== 'number')
        problems.push(`${where}: bmiAtLeast needs ${known} "${qid}" of type number`);
    return;
  }
  const q = questions.get(c.question);
  if (!q) {
    problems.push(`${where}.question: "${c.question}" is not ${known} id`);
    return;
  }
  const ids = q.type === 'bodymap' ? new Set<string>(BODY_REGIONS) : new Set((q.options ?? []).map((o) => o.id));
  const what = q.type === 'bodymap' ? 'body region' : 'option';
  if ('equals' in c) {
    const v = c.equals;
    const ok =
      (q.type === 'single' && typeof v === 'string' && ids.has(v)) ||
      (q.type === 'yesno' && typeof v === 'boolean') ||
      ((q.type === 'number' || q.type === 'scale') && typeof v === 'number') ||
      (q.type === 'text' && typeof v === 'string');
    if (!ok)
      problems.push(`${where}.equals: ${JSON.stringify(v)} is not a valid answer to ${q.type} question "${q.id}"`);
  } else if ('includesAny' in c || 'includesAll' in c) {
    const list = 'includesAny' in c ? c.includesAny : c.includesAll;
    const key = 'includesAny' in c ? 'includesAny' : 'includesAll';
    if (!['single', 'multi', 'bodymap'].includes(q.type))
      problems.push(`${where}.${key}: question "${q.id}" is ${q.type}, not a choice or body map`);
    else
      list.forEach((x, i) => {
        if (!ids.has(x))
          problems.push(
            `${where}.${key}[${i}]: "${x}" is not ${what === 'option' ? 'an option' : 'a body region'} of "${q.id}"`,
          );
      });
  } else if ('atLeast' in c || 'atMost' in c) {
    if (!['number', 'scale', 'duration'].includes(q.type))
      problems.push(`${where}: atLeast/atMost need a number, scale or duration question; "${q.id}" is ${q.type}`);
  }
}

/** True when a predicate can only become true as answers are added (no `not`, no `answered: false`). */
function monotone(c: Cond): boolean {
  if ('all' in c) return c.all.every(monotone);
  if ('any' in c) return c.any.every(monotone);
  if ('not' in c) return false;
  if ('answered' in c) return c.answered;
  return true;
}

/**
 * Validates content given as parsed JSON per file name (no file access), for the languages of `locales`.
 * Throws ContentError listing every problem.
 */
export function parseContent(
  files: Partial<Record<ContentFileName, unknown>> & Record<string, unknown>,
  locales: LocaleCatalog,
  onValidated?: (validated: ValidatedContent, derived: Derived) => void,
): Content {
  const problems: string[] = [];
  const codes = localeCodes(locales);
  const clinical = clinicalSchemas(codes);
  const handout = handoutSchemas(codes);
  const questionnaire = parseFile(
    clinical.QuestionnaireSchema,
    'questionnaire.json',
    files['questionnaire.json'],
    problems,
  );
  const cf = parseFile(clinical.ConditionsFileSchema, 'conditions.json', files['conditions.json'], problems);
  const rf = parseFile(clinical.RedFlagsFileSchema, 'red-flags.json', files['red-flags.json'], problems);
  const kf = parseFile(clinical.RiskFactorsFileSchema, 'risk-factors.json', files['risk-factors.json'], problems);
  const ef = parseFile(handout.ExerciseFileSchema, 'exercises.json', files['exercises.json'], problems);
  const af = parseFile(handout.AdviceFileSchema, 'handout-advice.json', files['handout-advice.json'], problems);
  const exam = parseFile(examinationSchema(codes), 'examination.json', files['examination.json'], problems);
  if (exam) checkExamination(exam, problems);
  const measures = parseFile(measuresSchema(codes), 'measures.json', files['measures.json'], problems);
  if (measures) checkMeasures(measures, problems);

  const questions = questionnaire ? checkQuestionnaire(questionnaire, problems) : undefined;
  if (questions && measures)
    for (const [key, qid] of Object.entries(measures.nprs.questions))
      if (questions.get(qid)?.type !== 'scale')
        problems.push(`measures.json: nprs.questions.${key}: "${qid}" is not a scale question of questionnaire.json`);
  if (questions && measures)
    measures.returnVisit.questions.forEach((qid, i) => {
      if (!questions.has(qid))
        problems.push(`measures.json: returnVisit.questions[${i}]: "${qid}" is not a question of questionnaire.json`);
    });
  const conditionIds = new Set<string>();
  cf?.conditions.forEach((c, i) => {
    if (conditionIds.has(c.id)) problems.push(`conditions.json: conditions[${i}].id: duplicate condition id "${c.id}"`);
    conditionIds.add(c.id);
  });
  cf?.conditions.forEach((c, i) =>
    c.distinguishFrom?.forEach((d, j) => {
      if (!conditionIds.has(d))
        problems.push(`conditions.json: conditions[${i}].distinguishFrom[${j}]: unknown condition id "${d}"`);
      if (d === c.id)
        problems.push(`conditions.json: conditions[${i}].distinguishFrom[${j}]: a condition cannot refer to itself`);
    }),
  );
  if (questions) {
    cf?.conditions.forEach((c, i) => {
      const p = `conditions.json: conditions[${i}]`;
      if (c.eligibleIf) checkCond(c.eligibleIf, `${p}.eligibleIf`, questions, problems);
      c.evidence.forEach((e, j) => checkCond(e.when, `${p}.evidence[${j}].when`, questions, problems));
      if (!c.evidence.some((e) => e.weight > 0))
        problems.push(`${p}.evidence: needs at least one supporting (positive) item`);
    });
    const flagIds = new Set<string>();
    rf?.redFlags.forEach((f, i) => {
      const p = `red-flags.json: redFlags[${i}]`;
      if (flagIds.has(f.id)) problems.push(`${p}.id: duplicate red flag id "${f.id}"`);
      flagIds.add(f.id);
      if (f.triggers.length === 0 && !f.strongMatch)
        problems.push(`${p}.triggers: a red flag needs at least one trigger (or a strongMatch)`);
      f.strongMatch?.forEach((cid, j) => {
        if (cf && !conditionIds.has(cid))
          problems.push(`${p}.strongMatch[${j}]: "${cid}" is not a condition id of conditions.json`);
      });
      if (f.strongMatch && f.urgency === 'emergency')
        problems.push(
          `${p}.strongMatch: only for same-day or routine flags (the kiosk must tell an emergency from the answers ` +
            `alone, and it never sees condition scores)`,
        );
      f.triggers.forEach((t, j) => {
        checkCond(t.when, `${p}.triggers[${j}].when`, questions, problems);
        if (!monotone(t.when))
          problems.push(
            `${p}.triggers[${j}].when: red-flag triggers may not use "not" or "answered: false" (adding an answer ` +
              `must never clear a flag)`,
          );
      });
    });
    const riskIds = new Set<string>();
    kf?.riskFactors.forEach((r, i) => {
      const p = `risk-factors.json: riskFactors[${i}]`;
      if (riskIds.has(r.id)) problems.push(`${p}.id: duplicate risk factor id "${r.id}"`);
      riskIds.add(r.id);
      r.triggers.forEach((t, j) => checkCond(t.when, `${p}.triggers[${j}].when`, questions, problems));
    });
  }
  // Condition references are only checked against a conditions file that loaded, so one mistake is reported once.
  if (ef && af) checkLibrary(ef, af, cf ? conditionIds : null, problems);

  if (problems.length > 0 || !questionnaire || !cf || !rf || !kf || !ef || !af || !exam || !measures)
    throw new ContentError(problems);
  const validated: ValidatedContent = {
    questionnaire,
    conditions: cf.conditions,
    redFlags: rf.redFlags,
    riskFactors: kf.riskFactors,
    exercises: ef,
    advice: af,
    examination: exam,
    measures,
  };
  const derived = deriveFrom(validated, locales);
  onValidated?.(validated, derived);
  return assembleContent(validated, locales, derived);
}

/** What the schemas and checks passed, as plain JSON: the content is assembled from it (and it can be cached). */
export interface ValidatedContent {
  questionnaire: Questionnaire;
  conditions: Content['conditions'];
  redFlags: Content['redFlags'];
  riskFactors: Content['riskFactors'];
  exercises: Parameters<typeof buildLibrary>[0];
  advice: AdviceFile;
  examination: Content['examination'];
  measures: Content['measures'];
}

/** What follows from the validated files alone (and the languages): worked out once, kept with the verdict. */
interface Derived {
  version: string;
  planTexts: ExerciseLibrary['planTexts'];
}

function deriveFrom(v: ValidatedContent, locales: LocaleCatalog): Derived {
  const { questionnaire, conditions, redFlags, riskFactors, exercises, advice, examination, measures } = v;
  return {
    version: contentHash({
      questionnaire,
      conditions,
      redFlags,
      riskFactors,
      exercises,
      advice,
      examination,
      measures,
    }),
    planTexts: libraryPlanTexts(locales),
  };
}

function assembleContent(v: ValidatedContent, locales: LocaleCatalog, d = deriveFrom(v, locales)): Content {
  const conditionIds = new Set(v.conditions.map((c) => c.id));
  return {
    version: d.version,
    locales: localeCodes(locales),
    questionnaire: v.questionnaire,
    conditions: v.conditions,
    redFlags: v.redFlags,
    riskFactors: v.riskFactors,
    library: buildLibrary(v.exercises, v.advice, conditionIds, d.version, locales, d.planTexts),
    examination: v.examination,
    measures: v.measures,
  };
}

export interface LoadContentOptions {
  /** The languages to require; by default the locale files in ../locales beside the content folder. */
  locales?: LocaleCatalog;
  /** Where the exercise illustrations are; by default ../illustrations beside the content folder. */
  illustrationsDir?: string;
  /** Where to remember a clean validation of these exact files (validation-cache.ts); none: validate every time. */
  cache?: ValidationCache;
}

function jsonFiles(sources: readonly Source[]): { files: Record<string, unknown>; problems: string[] } {
  const files: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { name, text } of sources) {
    try {
      files[name] = JSON.parse(text);
    } catch (e) {
      problems.push(`${name}: invalid JSON (${(e as Error).message})`);
    }
  }
  return { files, problems };
}

function validateFiles(
  sources: readonly Source[],
  locales: LocaleCatalog,
  cache: ValidationCache | undefined,
  key: string,
): Content {
  const { files, problems } = jsonFiles(sources);
  if (problems.length > 0) throw new ContentError(problems);
  return parseContent(files, locales, (validated, derived) =>
    rememberVerdict(cache, 'content', key, { validated, derived }),
  );
}

/** Reads resources/content/*.json (only the files listed in CONTENT_FILES) and validates them. */
export function loadContent(dir: string, options: LoadContentOptions = {}): Content {
  const locales = options.locales ?? loadLocales(resolve(dir, '..', 'locales'));
  const reads = CONTENT_FILES.map((name): Source | { name: string; error: string } => {
    try {
      return { name, text: readFileSync(join(dir, name), 'utf8') };
    } catch (e) {
      return { name, error: `${name}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
  });
  // Every problem at once, in file order: what cannot be read and what is not JSON.
  if (reads.some((r) => 'error' in r))
    throw new ContentError(reads.flatMap((r) => ('error' in r ? [r.error] : jsonFiles([r]).problems)));
  const sources = reads as Source[];
  // The same bytes, for the same languages, validated by this same code before: assembled from that verdict.
  // The languages' own texts are part of the key: the plan texts kept with the verdict are made from them.
  const key = cacheKey('content', sources, [JSON.stringify(locales)]);
  const known = cachedVerdict(options.cache, 'content', key) as
    { validated: ValidatedContent; derived: Derived } | undefined;
  const content = known
    ? assembleContent(known.validated, locales, known.derived)
    : validateFiles(sources, locales, options.cache, key);
  const illustrations = options.illustrationsDir ?? resolve(dir, '..', 'illustrations');
  const missing = content.library.exercises.flatMap((e, i) =>
    existsSync(join(illustrations, e.illustration))
      ? []
      : [`exercises.json: exercises[${i}].illustration: ${join(illustrations, e.illustration)} not found`],
  );
  if (missing.length > 0) throw new ContentError(missing);
  return content;
}
