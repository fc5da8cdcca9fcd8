// Handout fonts: Stride Sans (Noto Sans subset, committed) parsed once per process; a CJK fallback loaded only when
// some text needs a glyph Stride Sans lacks (e.g. 李雷).
import { defaultResourcesDir } from '../resources-dir';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font } from 'fontkit';

export const FONTS_DIR = join(defaultResourcesDir(), 'fonts');

export interface HandoutFonts {
  regular: Font;
  bold: Font;
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
interface GlyphRun {
  glyphs: unknown[];
  positions: Position[];
}

/**
 * Shaping a word (OpenType lookups) is most of pdfkit's text cost, and pdfkit only caches it per document. This wraps
 * a fontkit font so shaping results are kept for the whole process. pdfkit scales the positions it gets in place, so
 * every call returns fresh position objects.
 */
function withSharedLayoutCache(font: Font): Font {
  const runs = new Map<string, GlyphRun>();
  const layout = (text: string, ...rest: unknown[]) => {
    if (rest.some((r) => r !== undefined)) return (font.layout as (...a: unknown[]) => unknown)(text, ...rest);
    let run = runs.get(text);
    if (!run) {
      run = font.layout(text) as GlyphRun;
      if (runs.size < 50_000) runs.set(text, run);
    }
    const positions = run.positions.map((p) => ({
      xAdvance: p.xAdvance,
      yAdvance: p.yAdvance,
      xOffset: p.xOffset,
      yOffset: p.yOffset,
    }));
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((sum, p) => sum + p.xAdvance, 0);
      },
    };
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const cache = new Map<string, Font>();
function open(path: string, postscriptName?: string): Font {
  const key = `${path}#${postscriptName ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = withSharedLayoutCache(fontkit.create(readFileSync(path), postscriptName));
    cache.set(key, f);
  }
  return f;
}

/** Stride Sans Regular and Bold; parsed on first use and reused by every later document. */
export function handoutFonts(dir = FONTS_DIR): HandoutFonts {
  return { regular: open(join(dir, 'StrideSans-Regular.ttf')), bold: open(join(dir, 'StrideSans-Bold.ttf')) };
}

/** Where a CJK font may be found, in order: explicit env var, the npm package, then common system fonts. */
function cjkCandidates(): { path: string; postscriptName?: string }[] {
  const list: { path: string; postscriptName?: string }[] = [];
  if (process.env.STRIDE_CJK_FONT) list.push({ path: process.env.STRIDE_CJK_FONT });
  try {
    const req = createRequire(import.meta.url);
    const pkg = resolve(dirname(req.resolve('@embedpdf/fonts-sc')), '..'); // its exports hide package.json
    list.push({ path: join(pkg, 'fonts/NotoSansHans-Regular.otf') });
  } catch {
    // package not installed: fall through to system fonts
  }
  list.push(
    { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
    { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
    { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
  );
  return list;
}

let cjk: Font | null | undefined;
/** The CJK fallback font, or null when none is available on this machine. */
export function cjkFont(): Font | null {
  if (cjk !== undefined) return cjk;
  cjk = null;
  for (const c of cjkCandidates()) {
    if (!existsSync(c.path)) continue;
    try {
      cjk = open(c.path, c.postscriptName);
      break;
    } catch {
      // unreadable or wrong collection member: try the next one
    }
  }
  return cjk;
}

export interface TextRun {
  text: string;
  fallback: boolean;
}

/** Splits text into runs the main font can draw and runs that need the fallback. Whitespace joins the current run. */
export function splitRuns(text: string, main: Font): TextRun[] {
  const runs: TextRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const fallback = !/\s/.test(ch) && !main.hasGlyphForCodePoint(cp);
    const last = runs[runs.length - 1];
    if (last && (last.fallback === fallback || /\s/.test(ch))) last.text += ch;
    else runs.push({ text: ch, fallback });
  }
  return runs;
}

/** Characters that neither the main font nor the fallback can draw (these would print as empty boxes). */
export function missingGlyphs(text: string, fonts: HandoutFonts = handoutFonts()): string[] {
  const out = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (/\s/.test(ch) || fonts.regular.hasGlyphForCodePoint(cp)) continue;
    const fb = cjkFont();
    if (!fb || !fb.hasGlyphForCodePoint(cp)) out.add(ch);
  }
  return [...out];
}
