// Handout PDF speed and size: pdfkit (embedded Stride Sans, vector illustrations) against Chromium's page.pdf() for an
// equivalent HTML handout, on a reused warm page and with a new page per handout. One JSON object per line.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { FONTS_DIR } from '../src-main/core/handout/fonts';
import { buildHandoutInput } from '../src-main/core/handout/input';
import type { HandoutInput } from '../src-main/core/handout/input';
import { dosageLines, handoutLabels, handoutLanguageOf } from '../src-main/core/handout/labels';
import { loadContent } from '../src-main/core/content/load';
import { languageOf } from '../src-main/core/locales/catalog';
import { loadLocales } from '../src-main/core/locales/load';
import { renderHandoutPdf } from '../src-main/core/handout/pdf';
import { suggestPlan } from '../src-main/core/handout/plan';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const emit = (figure: string, value: number, unit: string, target: number | null, better: 'lower' | 'higher') =>
  console.log(JSON.stringify({ figure, value: round(value, 2), unit, target, better }));

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The same content as the pdfkit handout, as one HTML page with the same embedded font. */
function handoutHtml(input: HandoutInput): string {
  const L = handoutLabels(input.language);
  const font = (f: string) => readFileSync(resolve(FONTS_DIR, f)).toString('base64');
  const dosage = (d: HandoutInput['exercises'][number]['dosage']) =>
    dosageLines(d, L)
      .map((l) => `<div>${esc(l)}</div>`)
      .join('');
  return `<!doctype html><html lang="${input.language.code}"><head><meta charset="utf-8"><style>
@font-face{font-family:S;src:url(data:font/ttf;base64,${font('StrideSans-Regular.ttf')})}
@font-face{font-family:S;font-weight:700;src:url(data:font/ttf;base64,${font('StrideSans-Bold.ttf')})}
body{font-family:S;color:#1f2d3a;margin:0;font-size:12pt}h1{font-size:25pt}h2{font-size:17pt}
.ex{break-inside:avoid;border-bottom:1px solid #d5dde4;padding:12pt 0}
.row{display:flex;gap:18pt}.row svg{width:300pt;height:auto}
.box{border:1.4pt solid #1d5f8c;background:#eaf3f9;border-radius:7pt;padding:10pt;width:150pt}
.stop{border:2pt solid #b42318;background:#fef3f2;border-radius:8pt;padding:14pt;break-inside:avoid}
table{border-collapse:collapse;width:100%}td,th{border-bottom:.6pt solid #d5dde4;padding:6pt}
.t{width:16pt;height:16pt;border:1.2pt solid #52606d;border-radius:3pt;margin:auto}
</style></head><body>
<div style="color:#1d5f8c;font-weight:700">${esc(input.clinic.name)}</div><h1>${esc(L.title)}</h1>
<p>${esc(L.patient)}: <b>${esc(input.patientName)}</b> · ${esc(L.date)}: <b>${esc(input.date)}</b>
· ${esc(L.clinician)}: <b>${esc(input.clinicianName)}</b></p>
<h2>${esc(L.yourExercises)}</h2><p>${esc(L.intro)}</p>
${input.exercises
  .map(
    (e, i) =>
      `<div class="ex"><h3>${i + 1}. ${esc(e.name)}</h3><p>${esc(e.purpose)}</p><div ` +
      `class="row">${e.svg}<div ` +
      `class="box">${dosage(e.dosage)}</div></div><ol>${e.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol></div>`,
  )
  .join('')}
<h2>${esc(L.advice)}</h2><ul>${input.advice.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>
<div class="stop"><h3>${esc(L.stopAndCall)}</h3>
<ul>${input.warningSigns.map((a) => `<li><b>${esc(a.text)}</b></li>`).join('')}</ul></div>
<h2>${esc(L.tickSheet)}</h2><table><tr><th>${esc(L.exercise)}</th>${L.days.map((d) => `<th>${d}</th>`).join('')}</tr>
${input.exercises
  .map((e) => `<tr><td>${esc(e.name)}</td>${L.days.map(() => '<td><div class="t"></div></td>').join('')}</tr>`)
  .join('')}</table>
</body></html>`;
}

async function main(): Promise<void> {
  const locales = loadLocales(resolve(import.meta.dirname, '../resources/locales'));
  const { library } = loadContent(resolve(import.meta.dirname, '../resources/content'), { locales });
  const plan = suggestPlan({ library, conditionIds: ['itb-syndrome'], locale: 'en', maxExercises: 6 });
  if (plan.exercises.length !== 6) throw new Error(`expected 6 exercises, got ${plan.exercises.length}`);
  const input = buildHandoutInput({
    plan,
    library,
    clinic: { name: 'Riverside Physiotherapy' },
    patientName: 'Zoë Núñez',
    clinicianName: 'Łukasz Kowalski',
    date: '2026-11-26',
    language: handoutLanguageOf(languageOf(locales, 'en')),
  });

  // pdfkit, warm: fonts are parsed once per process, as in the app's worker.
  let size = 0;
  await time(15, async () => (size = (await renderHandoutPdf(input)).length));
  const cpu: number[] = [];
  const pdfkitMs = median(
    await time(60, async () => {
      const u = process.cpuUsage();
      await renderHandoutPdf(input);
      const d = process.cpuUsage(u);
      cpu.push((d.user + d.system) / 1000);
    }),
  );
  emit('handout_pdfkit_median_warm', pdfkitMs, 'ms', 25, 'lower');
  // CPU time of the process per handout: the same work measured without other programs' load on a shared machine.
  emit('handout_pdfkit_cpu_median_warm', median(cpu), 'ms', 25, 'lower');
  emit('handout_pdf_size', size / 1024, 'KB', 200, 'lower');

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const html = handoutHtml(input);
    const context = await browser.newContext();
    const page = await context.newPage();
    const warmOnce = async () => {
      await page.setContent(html);
      return page.pdf({ format: 'A4', printBackground: true });
    };
    await time(5, warmOnce);
    const warmMs = median(await time(20, warmOnce));
    const newPageOnce = async () => {
      const p = await context.newPage();
      await p.setContent(html);
      const pdf = await p.pdf({ format: 'A4', printBackground: true });
      await p.close();
      return pdf;
    };
    await time(2, newPageOnce);
    const newPageMs = median(await time(12, newPageOnce));
    emit('handout_chromium_median_warm_page', warmMs, 'ms', null, 'lower');
    emit('handout_chromium_median_new_page', newPageMs, 'ms', null, 'lower');
    emit('handout_speedup_vs_chromium_warm_page', warmMs / pdfkitMs, 'x', 1.5, 'higher');
    emit('handout_speedup_vs_chromium_new_page', newPageMs / pdfkitMs, 'x', 5, 'higher');
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
