/**
 * The exercise drawings: generated from one pose description per exercise (scripts/draw-illustrations.ts), committed
 * as they are generated, one per exercise (and a pregnant figure where a pregnancy plan can hold the exercise), and
 * every card rendered to PNG (kept in /tmp/stride-illustrations to look at) with ink in both halves of each drawing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { describe, expect, it } from 'vitest';
import { NO_PREGNANT_FIGURE, drawAll } from '../../scripts/draw-illustrations';
import { pregnancyExclusionRule } from '../../src-main/core/handout/plan';
import { ILLUSTRATIONS_DIR, loadLibrary } from '../support/handout';

const library = loadLibrary();
const drawn = drawAll();
const OUT = '/tmp/stride-illustrations';

/** Renders one SVG on its own page, keeps a PNG of it, and returns the page as grey pixels. */
async function rasterise(name: string, svg: string): Promise<{ w: number; h: number; px: Uint8Array }> {
  const size = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
  const [w, h] = [Number(size[1]), Number(size[2])];
  const doc = new PDFDocument({ size: [w, h], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  SVGtoPDF(doc, svg, 0, 0, { width: w, height: h, assumePt: true });
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.end();
  const pdf = join(OUT, `${name}.pdf`);
  writeFileSync(pdf, await done);
  execFileSync('pdftoppm', ['-png', '-r', '144', '-singlefile', pdf, join(OUT, name)]);
  execFileSync('pdftoppm', ['-gray', '-r', '36', '-singlefile', pdf, join(OUT, `${name}-grey`)]);
  rmSync(pdf);
  const buf = readFileSync(join(OUT, `${name}-grey.pgm`));
  rmSync(join(OUT, `${name}-grey.pgm`));
  const m = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 50).toString('latin1'))!;
  const [pw, ph] = [Number(m[1]), Number(m[2])];
  return { w: pw, h: ph, px: buf.subarray(buf.length - pw * ph) };
}

describe('exercise illustrations', () => {
  it('are committed exactly as the pose script draws them', () => {
    const files = readdirSync(ILLUSTRATIONS_DIR).filter((f) => f.endsWith('.svg'));
    expect(files.sort()).toEqual([...drawn.keys()].sort());
    for (const [file, text] of drawn) expect(readFileSync(join(ILLUSTRATIONS_DIR, file), 'utf8'), file).toBe(text);
  });

  it('exist for every exercise, with a pregnant figure only for exercises the library has', () => {
    for (const e of library.exercises) expect(drawn.has(e.illustration), e.id).toBe(true);
    for (const file of drawn.keys())
      if (file.endsWith('-pregnant.svg')) expect(library.byId.has(file.replace('-pregnant.svg', '')), file).toBe(true);
  });

  it('draw a pregnant figure for every exercise a pregnancy plan can hold once a bump shows', () => {
    const weeks = Array.from({ length: 42 }, (_, i) => i + 1);
    for (const e of library.exercises) {
      const heldAt = weeks.filter((w) => pregnancyExclusionRule(e, w) === null);
      if (!heldAt.length) continue; // never in a pregnancy plan (high impact or fall risk)
      const reason = NO_PREGNANT_FIGURE[e.id];
      if (reason) {
        // Only an exercise that leaves pregnancy plans by 16 weeks, before most bumps show, may go without one.
        expect(Math.max(...heldAt), e.id).toBeLessThan(16);
        expect(drawn.has(`${e.id}-pregnant.svg`), e.id).toBe(false);
      } else expect(drawn.has(`${e.id}-pregnant.svg`), e.id).toBe(true);
    }
  });

  it('render every card to PNG with a figure in each panel', async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const [file, svg] of drawn) {
      const name = file.replace('.svg', '');
      const { w, h, px } = await rasterise(name, svg);
      const panels = Math.round(w / (h * (220 / 160)));
      for (let p = 0; p < panels; p++) {
        let ink = 0;
        for (let y = 0; y < h; y++)
          for (let x = Math.floor((p * w) / panels); x < Math.floor(((p + 1) * w) / panels); x++)
            if (px[y * w + x]! < 200) ink++;
        expect(ink / ((w / panels) * h), `${name} panel ${p + 1}`).toBeGreaterThan(0.03);
      }
    }
    expect(readdirSync(OUT).filter((f) => f.endsWith('.png'))).toHaveLength(drawn.size);
  });
});
