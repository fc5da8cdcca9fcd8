/** The QR drawing: the encoder's matrix becomes one path, with the three finder squares where a scanner looks. */
import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { qrDrawing } from '../../src-renderer/lib/qr';

function darkModules(path: string): Set<string> {
  return new Set([...path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`));
}

describe('qrDrawing', () => {
  const text = 'https://192.168.1.20:8443/pair.html#code=7KQ3-M9TX';

  it('draws exactly the dark modules of the encoded matrix', () => {
    const { size, path } = qrDrawing(text);
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    const dark = darkModules(path);
    let expected = 0;
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) {
        if (modules.get(r, c)) expected++;
        expect(dark.has(`${c},${r}`), `${c},${r}`).toBe(Boolean(modules.get(r, c)));
      }
    expect(dark.size).toBe(expected);
  });

  it('has the finder patterns in three corners (a 7x7 ring around a 3x3 centre)', () => {
    const { size, path } = qrDrawing(text);
    const dark = darkModules(path);
    for (const [x0, y0] of [
      [0, 0],
      [size - 7, 0],
      [0, size - 7],
    ] as const) {
      for (let i = 0; i < 7; i++) {
        expect(dark.has(`${x0 + i},${y0}`)).toBe(true);
        expect(dark.has(`${x0 + i},${y0 + 6}`)).toBe(true);
      }
      expect(dark.has(`${x0 + 1},${y0 + 1}`)).toBe(false);
      expect(dark.has(`${x0 + 3},${y0 + 3}`)).toBe(true);
    }
  });

  it('a longer text needs a bigger symbol', () => {
    expect(qrDrawing(`${text}&${'x'.repeat(120)}`).size).toBeGreaterThan(qrDrawing(text).size);
  });
});
