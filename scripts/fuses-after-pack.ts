/**
 * electron-builder's afterPack hook: flips Stride's fuses (src-main/electron/fuses.ts, through flip-fuses-config.ts)
 * on the packaged binary before it is signed and put into an installer, then reads them back and fails the build if
 * any fuse is not as decided. electron-builder loads it through scripts/after-pack.mjs.
 */
import { join } from 'node:path';
import { flipFuses as realFlipFuses, FuseV1Options, getCurrentFuseWire as realReadFuses } from '@electron/fuses';
import { STRIDE_FUSES, type FuseName } from '../src-main/electron/fuses';
import { fuseConfig } from './flip-fuses-config';

/** The part of electron-builder's AfterPackContext the hook reads. */
export interface AfterPackContextLike {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export interface FuseTools {
  flipFuses: typeof realFlipFuses;
  getCurrentFuseWire: typeof realReadFuses;
}

/** Where the Electron binary is inside a packed app: the .app bundle on macOS, the .exe on Windows. */
export function packagedBinary(context: AfterPackContextLike): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${name}.app`);
    case 'win32':
      return join(appOutDir, `${name}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName ?? name.toLowerCase());
    default:
      throw new Error(`Stride does not know where the binary is on ${electronPlatformName}.`);
  }
}

/** How the fuse wire stores a fuse: the ASCII digits '1' and '0' (@electron/fuses' FuseState, not exported). */
export const FUSE_ENABLED = 49;
export const FUSE_DISABLED = 48;

export async function afterPack(
  context: AfterPackContextLike,
  tools: FuseTools = { flipFuses: realFlipFuses, getCurrentFuseWire: realReadFuses },
): Promise<void> {
  const binary = packagedBinary(context);
  await tools.flipFuses(binary, fuseConfig());
  const wire = await tools.getCurrentFuseWire(binary);
  const wrong = (Object.keys(STRIDE_FUSES) as FuseName[]).filter((name) => {
    // @electron/fuses reports each fuse as a FuseState; one missing from this Electron counts as wrong too.
    const state = (wire as unknown as Record<number, number | undefined>)[FuseV1Options[name]];
    return state !== (STRIDE_FUSES[name] ? FUSE_ENABLED : FUSE_DISABLED);
  });
  if (wrong.length > 0) throw new Error(`Fuses not as decided after flipping: ${wrong.join(', ')}.`);
}

export default afterPack;
