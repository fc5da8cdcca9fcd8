/**
 * A QR code as one SVG path, drawn by the page itself (no image, no canvas, nothing the CSP must allow). The matrix
 * comes from `qrcode`, a maintained encoder; medium error correction survives a glare on a tablet's camera.
 */
import { create } from 'qrcode';

export interface QrDrawing {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** One square per dark module, in module units. */
  path: string;
}

export function qrDrawing(text: string): QrDrawing {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
  return { size: modules.size, path };
}
