/**
 * Renders build/icon.svg to the PNG sizes the installers use: build/icons/<n>x<n>.png (Linux picks from the folder)
 * and build/icon.png at 1024 (electron-builder makes the Windows .ico and the macOS .icns from it). Uses the Chromium
 * the browser tests use: `npx tsx scripts/make-icons.ts` (CHROMIUM_PATH to point elsewhere).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

async function main(): Promise<void> {
  const svg = readFileSync(join(root, 'build', 'icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    mkdirSync(join(root, 'build', 'icons'), { recursive: true });
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size } });
      const sized = svg.replace(/width="1024" height="1024"/, `width="${size}" height="${size}"`);
      await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
      const png = { omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } };
      await page.screenshot({ ...png, path: join(root, 'build', 'icons', `${size}x${size}.png`) });
      if (size === 1024) await page.screenshot({ ...png, path: join(root, 'build', 'icon.png') });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`Icons written to build/icons (${SIZES.join(', ')}) and build/icon.png.`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
