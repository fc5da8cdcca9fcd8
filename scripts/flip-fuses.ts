/**
 * Flips Electron's fuses on a packaged Stride binary: `npx tsx scripts/flip-fuses.ts <path to packaged Stride
 * executable>`.
 * Run it after packaging and before signing (electron-builder afterPack, or Electron Forge's fuses plugin with the
 * same table). The table lives in src-main/electron/fuses.ts and is unit-tested.
 */
import { existsSync } from 'node:fs';
import { flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { fuseConfig } from './flip-fuses-config';

async function main(): Promise<void> {
  const binary = process.argv[2];
  if (!binary || !existsSync(binary)) {
    console.error('Usage: npx tsx scripts/flip-fuses.ts <path to the packaged Stride executable>');
    process.exit(2);
  }
  await flipFuses(binary, fuseConfig());
  const wire = await getCurrentFuseWire(binary);
  console.log(`Fuses flipped on ${binary}:`, wire);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
