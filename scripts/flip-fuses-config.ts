/** Turns Stride's fuse table (src-main/electron/fuses.ts) into the config @electron/fuses' flipFuses expects. */
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import { STRIDE_FUSES, type FuseName } from '../src-main/electron/fuses';

export function fuseConfig(): FuseV1Config & { strictlyRequireAllFuses: true } {
  const wire = {} as Record<FuseV1Options, boolean>;
  for (const name of Object.keys(STRIDE_FUSES) as FuseName[]) {
    wire[FuseV1Options[name]] = STRIDE_FUSES[name];
  }
  return {
    version: FuseVersion.V1,
    // Fails the packaging step when a new Electron adds a fuse we have not decided on.
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: process.platform === 'darwin',
    ...wire,
  };
}
