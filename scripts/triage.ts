/**
 * Prints the explained triage result for one intake, for clinicians and content authors.
 *   npx tsx scripts/triage.ts answers.json        (or: npm run triage -- answers.json)
 * The file holds either the answers object itself or a vignette ({ "answers": {...}, ... }).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, loadContent } from '../src-main/core/content/load';
import type { IntakeAnswers } from '../src-main/core/content/schema';
import { checkAnswers } from '../src-main/core/content/visibility';
import type { Reason } from '../src-main/core/triage/engine';
import { triage } from '../src-main/core/triage/engine';

const CONTENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'content');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail('usage: npx tsx scripts/triage.ts answers.json');

let raw: unknown;
try {
  raw = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  fail(`cannot read ${file}: ${(e as Error).message}`);
}
const answers =
  raw && typeof raw === 'object' && !Array.isArray(raw) && 'answers' in raw
    ? (raw as { answers: unknown }).answers
    : raw;

let content;
try {
  content = loadContent(CONTENT_DIR);
} catch (e) {
  fail(e instanceof ContentError ? e.message : String(e));
}

const problems = checkAnswers(content.questionnaire, answers);
if (problems.length > 0)
  fail(
    `The answers do not fit the ` +
      `questionnaire:\n${problems.map((p) => `  ${p.path || '(answers)'}: ${p.message}`).join('\n')}`,
  );

const result = triage(content, answers as IntakeAnswers);
const name = (id: string) => content.conditions.find((c) => c.id === id)?.name.en ?? id;
const reasonLine = (r: Reason) => {
  const weight = r.weight !== undefined ? `${r.weight > 0 ? '+' : ''}${r.weight}`.padStart(5) + '  ' : '';
  const side = r.side ? ` (${r.side})` : '';
  return `      ${weight}${r.text}${side}  [${r.questionId}]`;
};
const out: string[] = [];

out.push(
  `Urgency: ${result.urgency.toUpperCase()}   (engine ${result.engineVersion}, content ${result.contentVersion})`,
  '',
);
out.push('Red flags:');
if (result.redFlags.length === 0) out.push('  none');
for (const f of result.redFlags) {
  const flag = content.redFlags.find((x) => x.id === f.id);
  out.push(`  [${f.urgency}] ${flag?.name.en ?? f.id}`);
  f.reasons.forEach((r) => out.push(reasonLine(r)));
  if (flag) out.push(`      action: ${flag.action}`);
}
out.push('', `Suggestions (decision support, not a diagnosis)${result.noStrongMatch ? ': NO STRONG MATCH' : ''}:`);
if (result.suggestions.length === 0) out.push('  none reached the threshold');
result.suggestions.forEach((s, i) => {
  out.push(`  ${i + 1}. ${name(s.conditionId)} (${s.conditionId}) score ${s.score}, ${s.strength}`);
  s.reasons.forEach((r) => out.push(reasonLine(r)));
  if (s.against.length > 0) {
    out.push('    against:');
    s.against.forEach((r) => out.push(reasonLine(r)));
  }
});
out.push('', 'Risk factors:');
if (result.riskFactors.length === 0) out.push('  none');
for (const r of result.riskFactors) {
  out.push(`  ${content.riskFactors.find((x) => x.id === r.id)?.name.en ?? r.id}`);
  r.reasons.forEach((x) => out.push(reasonLine(x)));
}
process.stdout.write(`${out.join('\n')}\n`);
