// Renders a patient handout PDF with pdfkit: header, exercises with illustration, steps and dosage box, what was left
// out and why, home-care advice, the "stop and call us" box, a weekly tick sheet and page numbers.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { z } from 'zod';
import type { Font } from 'fontkit';
import { cjkFont, handoutFonts, splitRuns } from './fonts';
import { HandoutInputSchema } from './input';
import type { HandoutExercise, HandoutInput } from './input';
import { dosageLines, handoutLabels } from './labels';
import type { HandoutLabels } from './labels';

export type { HandoutInput } from './input';

const C = {
  ink: '#1f2d3a',
  muted: '#52606d',
  brand: '#1d5f8c',
  brandSoft: '#eaf3f9',
  rule: '#d5dde4',
  stop: '#b42318',
  stopSoft: '#fef3f2',
  note: '#fff7e6',
};
const MARGIN = 54;
/** Step text size: large enough to read at arm's length while exercising. */
const STEP_SIZE = 11.5;
const FOOTER = 36;

type Doc = PDFKit.PDFDocument;
type TextOpts = PDFKit.Mixins.TextOptions;

const heights = new Map<string, number>();

/** Draws text, switching to the CJK fallback only for the characters the main font lacks. */
class Writer {
  private fallback: Font | null | undefined;
  constructor(
    readonly doc: Doc,
    private readonly main: Font,
  ) {}

  private needsFallback(text: string): boolean {
    for (const ch of text) if (!/\s/.test(ch) && !this.main.hasGlyphForCodePoint(ch.codePointAt(0)!)) return true;
    return false;
  }

  text(text: string, font: 'R' | 'B', size: number, color: string, x: number, y: number, opts: TextOpts = {}): void {
    const { doc } = this;
    doc.fillColor(color).fontSize(size);
    if (!this.needsFallback(text)) {
      doc.font(font).text(text, x, y, opts);
      return;
    }
    if (this.fallback === undefined) {
      this.fallback = cjkFont();
      if (this.fallback) doc.registerFont('CJK', this.fallback as unknown as Buffer);
    }
    const runs = splitRuns(text, this.main);
    runs.forEach((r, i) => {
      doc.font(r.fallback && this.fallback ? 'CJK' : font);
      const o = { ...opts, continued: i < runs.length - 1 };
      if (i === 0) doc.text(r.text, x, y, o);
      else doc.text(r.text, o);
    });
  }

  /** Wrapped height; memoised for the process because measuring repeats pdfkit's whole line wrapping. */
  height(text: string, font: 'R' | 'B', size: number, width: number, opts: TextOpts = {}): number {
    const key = `${font}|${size}|${width}|${opts.lineGap ?? ''}|${text}`;
    let h = heights.get(key);
    if (h === undefined) {
      h = this.doc
        .font(font)
        .fontSize(size)
        .heightOfString(text, { width, ...opts });
      if (heights.size > 20_000) heights.clear();
      heights.set(key, h);
    }
    return h;
  }
}

/**
 * svg-to-pdfkit re-parses and re-styles an SVG on every call, which costs more than the rest of the page. The drawing
 * operators it produces for a given SVG and size never change, so they are recorded once per process (on a scratch
 * document) and replayed into each handout. Only self-contained operators are replayed: anything that refers to page
 * resources (transparency states, images, fonts, patterns) makes us draw that SVG directly instead.
 */
const recorded = new Map<string, string | null>();
function recordSvg(svg: string, width: number, height: number): string | null {
  const key = `${width}x${height}:${svg}`;
  if (recorded.has(key)) return recorded.get(key)!;
  const scratch = new PDFDocument({
    size: [width, height],
    margin: 0,
    compress: false,
    font: null as unknown as string,
  });
  const ops: string[] = [];
  (scratch as unknown as { addContent: (s: string) => Doc }).addContent = (op: string) => {
    ops.push(op);
    return scratch;
  };
  SVGtoPDF(scratch, svg, 0, 0, { width, height, assumePt: true, preserveAspectRatio: 'xMinYMin meet' });
  scratch.end();
  // svg-to-pdfkit resets opacity with an ExtGState (a page resource) even when nothing is transparent; with no
  // opacity in the SVG those operators are no-ops and can be dropped.
  const kept = /opacity/i.test(svg) ? ops : ops.filter((op) => !/^\/Gs\d+ gs$/.test(op));
  const needsResources = kept.some(
    (op) => /(^|\s)(gs|Do|Tf|sh)$|\/\S+ (scn|SCN)$/.test(op) && !/^\/Device(RGB|Gray|CMYK) (cs|CS)$/.test(op),
  );
  const value = needsResources ? null : kept.join('\n');
  recorded.set(key, value);
  return value;
}

function drawSvg(doc: Doc, svg: string, x: number, y: number, width: number, height: number): void {
  const ops = recordSvg(svg, width, height);
  if (ops === null) {
    SVGtoPDF(doc, svg, x, y, { width, height, assumePt: true, preserveAspectRatio: 'xMinYMin meet' });
    return;
  }
  doc.save();
  doc.transform(1, 0, 0, 1, x, y);
  doc.addContent(ops);
  doc.restore();
}

function svgSize(svg: string): { w: number; h: number } {
  const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  return m ? { w: Number(m[1]), h: Number(m[2]) } : { w: 220, h: 160 };
}

interface Ctx {
  doc: Doc;
  w: Writer;
  L: HandoutLabels;
  left: number;
  width: number;
  bottom: number;
}

function ensureSpace(ctx: Ctx, needed: number): void {
  if (ctx.doc.y + needed > ctx.bottom) {
    ctx.doc.addPage();
    ctx.doc.y = MARGIN;
  }
}

function heading(ctx: Ctx, text: string, size = 17): void {
  ensureSpace(ctx, size + 60);
  ctx.w.text(text, 'B', size, C.ink, ctx.left, ctx.doc.y, { width: ctx.width });
  ctx.doc.y += 6;
}

function bullets(
  ctx: Ctx,
  items: readonly string[],
  size: number,
  color = C.ink,
  x = ctx.left,
  width = ctx.width,
): void {
  for (const item of items) {
    const h = ctx.w.height(item, 'R', size, width - 16, { lineGap: 2 });
    ensureSpace(ctx, h + 6);
    const y = ctx.doc.y;
    ctx.doc.circle(x + 4, y + size * 0.6, 2.2).fill(color);
    ctx.w.text(item, 'R', size, color, x + 16, y, { width: width - 16, lineGap: 2 });
    ctx.doc.y = y + h + 6;
  }
}

function header(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  let logoW = 0;
  if (input.clinic.logoPng) {
    logoW = 130;
    doc.image(Buffer.from(input.clinic.logoPng), left + width - logoW, MARGIN - 8, {
      fit: [logoW, 48],
      align: 'right',
    });
  }
  w.text(input.clinic.name, 'B', 13, C.brand, left, MARGIN, { width: width - logoW - 10 });
  if (input.clinic.phone)
    w.text(input.clinic.phone, 'R', 10.5, C.muted, left, doc.y + 1, { width: width - logoW - 10 });
  // Room for the logo only when there is one: the first page needs every line for the exercises.
  doc.y = Math.max(doc.y, logoW ? MARGIN + 44 : 0) + 8;
  w.text(L.title, 'B', 25, C.ink, left, doc.y, { width });
  doc.y += 10;

  const cols = [
    [L.patient, input.patientName],
    [L.date, L.longDate(input.date)],
    [L.clinician, input.clinicianName],
  ] as const;
  const colW = width / 3;
  const top = doc.y;
  let rowH = 0;
  cols.forEach(([label, value], i) => {
    const x = left + i * colW;
    w.text(label.toUpperCase(), 'B', 8.5, C.muted, x, top, { width: colW - 10, characterSpacing: 0.6 });
    w.text(value, 'B', 12.5, C.ink, x, top + 13, { width: colW - 10 });
    rowH = Math.max(rowH, doc.y - top);
  });
  doc.y = top + rowH + 10;
  if (input.pregnancyWeeks != null) {
    const text = L.pregnancy(input.pregnancyWeeks);
    const tw = doc.font('B').fontSize(11).widthOfString(text) + 20;
    doc.roundedRect(left, doc.y, tw, 22, 11).fill(C.brandSoft);
    w.text(text, 'B', 11, C.brand, left + 10, doc.y + 5.5, { lineBreak: false });
    doc.y += 30;
  }
  if (input.pregnancyUncertain) {
    w.text(L.pregnancyUncertain, 'B', 11, C.brand, left, doc.y, { width });
    doc.y += 8;
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .lineWidth(1)
    .strokeColor(C.rule)
    .stroke();
  doc.y += 14;
}

/** The stop box: each group of signs under the place it sends the patient (maternity unit, emergency, clinic). */
function stopGroups(input: HandoutInput, L: HandoutLabels): { title: string; signs: string[] }[] {
  const of = (route: string) => input.warningSigns.filter((s) => s.route === route).map((s) => s.text);
  return [
    { title: L.stopMaternity, signs: of('maternity') },
    { title: L.stopEmergency, signs: of('emergency') },
    { title: L.stopClinic(input.clinic.phone), signs: of('clinic') },
  ].filter((g) => g.signs.length);
}

/**
 * The stop box. Groups with several signs set them in two columns, so the long pregnancy list still leaves room for
 * the first exercise on the first page.
 */
function stopBox(ctx: Ctx, input: HandoutInput): void {
  if (!input.warningSigns.length) return;
  const { doc, w, L, left, width } = ctx;
  const pad = 14;
  const inner = width - 2 * pad;
  const size = 11;
  const groups = stopGroups(input, L);
  const colsOf = (g: { signs: string[] }) => (g.signs.length > 2 ? 2 : 1);
  const colW = (cols: number) => (inner - (cols - 1) * 14) / cols;
  const signH = (t: string, cols: number) => w.height(t, 'B', size, colW(cols) - 14, { lineGap: 1 }) + 3;
  /** Rows of signs, left column first, each row as high as its taller sign. */
  const rows = (g: { signs: string[] }) => {
    const cols = colsOf(g);
    const perCol = Math.ceil(g.signs.length / cols);
    return Array.from({ length: perCol }, (_, r) =>
      Array.from({ length: cols }, (_, c) => g.signs[c * perCol + r]).filter((t): t is string => !!t),
    );
  };
  const rowH = (row: string[], cols: number) => Math.max(...row.map((t) => signH(t, cols)));
  const groupH = (g: { title: string; signs: string[] }) =>
    w.height(g.title, 'B', 12.5, inner) + 5 + rows(g).reduce((s, r) => s + rowH(r, colsOf(g)), 0);
  const introH = w.height(L.stopIntro, 'R', 10, inner);
  const h = pad + groups.reduce((s, g) => s + groupH(g) + 7, 0) + introH + pad - 4;
  ensureSpace(ctx, h + 12);
  const top = doc.y;
  doc.roundedRect(left, top, width, h, 8).lineWidth(2).fillAndStroke(C.stopSoft, C.stop);
  let y = top + pad;
  for (const g of groups) {
    w.text(g.title, 'B', 12.5, C.stop, left + pad, y, { width: inner });
    y += w.height(g.title, 'B', 12.5, inner) + 5;
    const cols = colsOf(g);
    for (const row of rows(g)) {
      row.forEach((t, c) => {
        const x = left + pad + c * (colW(cols) + 14);
        doc.circle(x + 4, y + size * 0.6, 2.3).fill(C.stop);
        w.text(t, 'B', size, C.ink, x + 14, y, { width: colW(cols) - 14, lineGap: 1 });
      });
      y += rowH(row, cols);
    }
    y += 7;
  }
  w.text(L.stopIntro, 'R', 10, C.muted, left + pad, y - 3, { width: inner });
  doc.y = top + h + 16;
}

/** The side, stage and caution lines of an exercise, in print order. */
function extras(
  ex: HandoutExercise,
  L: HandoutLabels,
): { label: string; text: string; tone: 'note' | 'care' | 'next' }[] {
  const out: { label: string; text: string; tone: 'note' | 'care' | 'next' }[] = [];
  const pr = ex.progression;
  if (pr?.stage === 'easier' && pr.how) out.push({ label: L.stageEasier, text: pr.how, tone: 'next' });
  if (pr?.stage === 'harder' && pr.how) out.push({ label: L.stageHarder, text: pr.how, tone: 'next' });
  if (pr?.moveOn && pr.next) out.push({ label: L.nextStep, text: L.moveOnTo(pr.moveOn, pr.next), tone: 'next' });
  if (ex.note) out.push({ label: '', text: ex.note, tone: 'note' });
  for (const c of ex.cautions ?? []) out.push({ label: L.takeCare, text: c, tone: 'care' });
  return out;
}

const ART_W = 138;
const GAP = 14;
/** Space between two exercise blocks, around the rule that separates them. */
const BLOCK_GAP = 7;

/** A piece of the page laid out before it is placed: its height, and how to draw it with its top at `top`. */
interface Laid {
  height: number;
  draw(top: number): void;
}

/**
 * One exercise, laid out before it is placed so the page break can use its real height: name and purpose across the
 * top; on the left the drawing with the dosage box (and the side) under it; on the right the numbered steps; then the
 * stage, next step, note and cautions, either across the width or, where that is shorter, under the steps beside a
 * tall drawing. Every height used here is the height of the text as drawn, so what is measured is what is printed.
 */
function layoutExercise(ctx: Ctx, ex: HandoutExercise, n: number): Laid {
  const { doc, w, L, left, width } = ctx;
  const { w: sw, h: sh } = svgSize(ex.svg);
  const artW = ART_W;
  const artH = Math.min((artW * sh) / sw, 110);
  const colX = left + artW + GAP;
  const colW = width - artW - GAP;
  const inner = artW - 16;
  const [first, ...rest] = dosageLines(ex.dosage, L);
  const side = ex.side ? L.side[ex.side] : null;
  const notes = ex.dosage.notes;
  const restText = rest.join(', ');

  // The dosage box's lines, each at its offset from the box's top.
  const boxLines: { text: string; font: 'R' | 'B'; size: number; color: string; dy: number }[] = [];
  let boxY = 8;
  const boxLine = (text: string, font: 'R' | 'B', size: number, color: string, before: number) => {
    boxY += before;
    boxLines.push({ text, font, size, color, dy: boxY });
    boxY += w.height(text, font, size, inner);
  };
  boxLine(first!, 'B', 11.5, C.ink, 0);
  if (side) boxLine(side, 'B', 10.5, C.brand, 2);
  boxLine(restText, 'R', 10, C.ink, side ? 0 : 1);
  if (notes) boxLine(notes, 'R', 9, C.muted, 3);
  const boxH = boxY + 8;
  const leftH = artH + 6 + boxH;

  const stepH = (t: string) => w.height(t, 'R', STEP_SIZE, colW - 18, { lineGap: 0.5 }) + 3;
  const stepsH = ex.steps.reduce((s, t) => s + stepH(t), 0);
  const nameH = w.height(ex.name, 'B', 14.5, width - 34);
  const purposeH = ex.purpose ? w.height(ex.purpose, 'R', 10, width - 34) : 0;
  const headH = nameH + purposeH + 6;

  const more = extras(ex, L);
  const labelW = (x: (typeof more)[number]) => (x.label ? doc.font('B').fontSize(8.5).widthOfString(x.label) + 12 : 0);
  const extraH = (x: (typeof more)[number], boxW: number) => w.height(x.text, 'R', 10, boxW - 20 - labelW(x)) + 10;
  const extrasH = (boxW: number) => more.reduce((s, x) => s + extraH(x, boxW) + 3, 0);

  // Extras across the width under the row, or in the steps' column when the drawing and dosage box are the taller side.
  const below = { x: left, boxW: width, rowH: Math.max(leftH, stepsH), extrasTop: Math.max(leftH, stepsH) + 6 };
  const besideRow = Math.max(leftH, stepsH + (more.length ? 6 + extrasH(colW) - 3 : 0));
  const beside = { x: colX, boxW: colW, rowH: besideRow, extrasTop: stepsH + 6 };
  const belowH = below.rowH + (more.length ? 6 + extrasH(width) - 3 : 0);
  const at = more.length && besideRow < belowH ? beside : below;
  const bodyH = at === beside ? besideRow : belowH;
  const height = headH + bodyH + BLOCK_GAP + BLOCK_GAP;

  const draw = (top: number) => {
    // Number badge and name
    doc.circle(left + 11, top + 9, 11).fill(C.brand);
    w.text(String(n), 'B', 12, '#ffffff', left, top + 2.5, { width: 22, align: 'center' });
    w.text(ex.name, 'B', 14.5, C.ink, left + 32, top + 1, { width: width - 34 });
    if (ex.purpose) w.text(ex.purpose, 'R', 10, C.muted, left + 32, top + 1 + nameH, { width: width - 34 });
    const rowTop = top + 1 + headH;

    // Drawing, then the dosage box under it. Drop the SVG's own width/height so svg-to-pdfkit scales the viewBox.
    const svg = ex.svg
      .replace(/<svg([^>]*?)\s(width|height)="[^"]*"/g, '<svg$1')
      .replace(/<svg([^>]*?)\s(width|height)="[^"]*"/g, '<svg$1');
    drawSvg(doc, svg, left, rowTop, artW, artH);
    const by = rowTop + artH + 6;
    doc.roundedRect(left, by, artW, boxH, 6).lineWidth(1.2).fillAndStroke(C.brandSoft, C.brand);
    for (const l of boxLines) w.text(l.text, l.font, l.size, l.color, left + 8, by + l.dy, { width: inner });

    // The steps on the right
    let y = rowTop;
    ex.steps.forEach((step, i) => {
      w.text(`${i + 1}.`, 'B', STEP_SIZE, C.brand, colX, y, { width: 16 });
      w.text(step, 'R', STEP_SIZE, C.ink, colX + 18, y, { width: colW - 18, lineGap: 0.5 });
      y += stepH(step);
    });

    y = rowTop + at.extrasTop;
    for (const x of more) {
      const h = extraH(x, at.boxW);
      const fill = x.tone === 'care' ? C.stopSoft : x.tone === 'next' ? C.brandSoft : C.note;
      doc.roundedRect(at.x, y, at.boxW, h, 5).fill(fill);
      const lw = labelW(x);
      if (x.label)
        w.text(x.label.toUpperCase(), 'B', 8.5, x.tone === 'care' ? C.stop : C.brand, at.x + 8, y + 6.5, {
          lineBreak: false,
        });
      w.text(x.text, x.label ? 'R' : 'B', 10, C.ink, at.x + 8 + lw, y + 5, { width: at.boxW - 20 - lw });
      y += h + 3;
    }
    const ruleY = top + headH + bodyH + BLOCK_GAP;
    doc
      .moveTo(left, ruleY)
      .lineTo(left + width, ruleY)
      .lineWidth(0.8)
      .strokeColor(C.rule)
      .stroke();
    doc.y = top + height;
  };
  return { height, draw };
}

/** The "Your exercises" heading and its introduction, kept on the page of the first exercise. */
function layoutExercisesIntro(ctx: Ctx): Laid {
  const { w, L, left, width } = ctx;
  const headH = w.height(L.yourExercises, 'B', 17, width);
  const introH = w.height(L.intro, 'R', 11.5, width, { lineGap: 1.5 });
  return {
    height: headH + 6 + introH + 10,
    draw(top) {
      w.text(L.yourExercises, 'B', 17, C.ink, left, top, { width });
      w.text(L.intro, 'R', 11.5, C.muted, left, top + headH + 6, { width, lineGap: 1.5 });
      ctx.doc.y = top + headH + 6 + introH + 10;
    },
  };
}

/**
 * Places the exercise blocks by their measured heights: as many on a page as fit (three where they do), the heading
 * never on a page without the first exercise, and a block that does not fit starts the next page.
 */
function exercisePages(ctx: Ctx, intro: Laid, blocks: readonly Laid[]): void {
  const { doc } = ctx;
  const fits = (h: number) => doc.y + h <= ctx.bottom;
  const newPage = () => {
    doc.addPage();
    doc.y = MARGIN;
  };
  if (!fits(intro.height + blocks[0]!.height)) newPage();
  intro.draw(doc.y);
  for (const b of blocks) {
    // A block taller than a whole page still starts at the top of one.
    if (!fits(b.height) && doc.y > MARGIN) newPage();
    b.draw(doc.y);
  }
}

function adviceSection(ctx: Ctx, title: string, items: readonly string[]): void {
  if (!items.length) return;
  heading(ctx, title);
  bullets(ctx, items, 11.5);
  ctx.doc.y += 10;
}

function exclusions(ctx: Ctx, input: HandoutInput): void {
  if (!input.exclusions.length) return;
  const { doc, w, L, left, width } = ctx;
  heading(ctx, L.leftOut, 15);
  w.text(L.leftOutIntro, 'R', 11, C.muted, left, doc.y, { width });
  doc.y += 6;
  for (const x of input.exclusions) {
    const extra = [
      x.alternativeName ? L.instead(x.alternativeName) : null,
      x.overrideReason ? L.keptByClinician(x.overrideReason) : null,
    ]
      .filter(Boolean)
      .join('  ·  ');
    const h = w.height(x.name, 'B', 12, width - 16) + w.height(x.reason, 'R', 11, width - 16) + (extra ? 16 : 0) + 10;
    ensureSpace(ctx, h);
    const y = doc.y;
    doc.circle(left + 4, y + 7, 2.4).fill(C.muted);
    w.text(x.name, 'B', 12, C.ink, left + 16, y, { width: width - 16 });
    w.text(x.reason, 'R', 11, C.muted, left + 16, doc.y + 1, { width: width - 16 });
    if (extra) w.text(extra, 'B', 11, C.brand, left + 16, doc.y + 2, { width: width - 16 });
    doc.y += 10;
  }
  doc.y += 8;
}

function tickSheet(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  const rowH = 28;
  const dayW = 40;
  const nameW = width - 7 * dayW;
  const tableH = rowH * (input.exercises.length + 1);
  ensureSpace(ctx, 70 + tableH);
  heading(ctx, L.tickSheet, 17);
  w.text(L.tickIntro, 'R', 11, C.muted, left, doc.y, { width });
  doc.y += 8;
  w.text(`${L.week}: ____________________`, 'R', 11.5, C.ink, left, doc.y, { width });
  doc.y += 10;
  const top = doc.y;
  doc.rect(left, top, width, rowH).fill(C.brandSoft);
  w.text(L.exercise, 'B', 10.5, C.brand, left + 8, top + 9, { width: nameW - 16, lineBreak: false });
  L.days.forEach((d, i) =>
    w.text(d, 'B', 10.5, C.brand, left + nameW + i * dayW, top + 9, { width: dayW, align: 'center', lineBreak: false }),
  );
  input.exercises.forEach((ex, r) => {
    const y = top + rowH * (r + 1);
    w.text(`${r + 1}. ${ex.name}`, 'R', 10.5, C.ink, left + 8, y + 9, {
      width: nameW - 16,
      height: rowH - 10,
      ellipsis: true,
      lineBreak: false,
    });
    for (let i = 0; i < 7; i++)
      doc
        .roundedRect(left + nameW + i * dayW + dayW / 2 - 8, y + rowH / 2 - 8, 16, 16, 3)
        .lineWidth(1.2)
        .strokeColor(C.muted)
        .stroke();
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.6)
      .strokeColor(C.rule)
      .stroke();
  });
  doc.rect(left, top, width, tableH).lineWidth(0.8).strokeColor(C.rule).stroke();
  doc.y = top + tableH + 16;
}

function footers(ctx: Ctx, input: HandoutInput): void {
  const { doc, w, L, left, width } = ctx;
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    const y = doc.page.height - FOOTER;
    w.text(`${input.clinic.name} · ${input.patientName}`, 'R', 9, C.muted, left, y, {
      width: width * 0.7,
      lineBreak: false,
    });
    w.text(L.page(i + 1, range.count), 'R', 9, C.muted, left + width * 0.7, y, {
      width: width * 0.3,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = saved;
  }
}

/** Renders the handout; resolves with the PDF bytes. Validates the input first (clear error naming the field). */
export async function renderHandoutPdf(raw: HandoutInput): Promise<Buffer> {
  const parsed = HandoutInputSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid handout input:\n${z.prettifyError(parsed.error)}`);
  const input = parsed.data;
  const L = handoutLabels(input.language);
  const fonts = handoutFonts();
  const doc = new PDFDocument({
    size: input.paper,
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    font: null as unknown as string, // skip pdfkit's default Helvetica: every glyph comes from the embedded font
    lang: input.language.code,
    info: {
      Title: L.documentTitle(input.patientName),
      Author: `${input.clinicianName}, ${input.clinic.name}`,
      Subject: L.title,
      Creator: 'Stride',
    },
  });
  doc.registerFont('R', fonts.regular as unknown as Buffer);
  doc.registerFont('B', fonts.bold as unknown as Buffer);
  doc.font('R');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const ctx: Ctx = { doc, w: new Writer(doc, fonts.regular), L, left, width, bottom: doc.page.height - MARGIN - 14 };

  header(ctx, input);
  // Safety first when the signs include obstetric ones (pregnant, or maybe pregnant).
  const stopFirst = input.warningSigns.some((s) => s.route === 'maternity');
  if (stopFirst) stopBox(ctx, input);
  const blocks = input.exercises.map((ex, i) => layoutExercise(ctx, ex, i + 1));
  const intro = layoutExercisesIntro(ctx);
  // After the long pregnancy stop box the first exercise rarely fits on page 1: the advice on exercising safely in
  // pregnancy goes there, with the signs to stop, instead of leaving the rest of the page empty.
  const firstFits = !blocks.length || doc.y + intro.height + blocks[0]!.height <= ctx.bottom;
  const pregnancyFirst = stopFirst && !firstFits;
  if (pregnancyFirst) adviceSection(ctx, L.pregnancyAdvice, input.pregnancyAdvice);
  if (blocks.length) exercisePages(ctx, intro, blocks);
  exclusions(ctx, input);
  adviceSection(ctx, L.advice, pregnancyFirst ? input.advice : [...input.advice, ...input.pregnancyAdvice]);
  if (!stopFirst) stopBox(ctx, input);
  if (input.exercises.length) tickSheet(ctx, input);
  footers(ctx, input);
  doc.end();
  return done;
}
