import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { STRIDE_FUSES } from '../../src-main/electron/fuses';
import { fuseConfig } from '../../scripts/flip-fuses-config';

describe('Electron fuses', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect', () => {
    expect(STRIDE_FUSES.RunAsNode).toBe(false);
    expect(STRIDE_FUSES.EnableNodeOptionsEnvironmentVariable).toBe(false);
    expect(STRIDE_FUSES.EnableNodeCliInspectArguments).toBe(false);
  });

  it('turn on asar integrity and loading only from asar', () => {
    expect(STRIDE_FUSES.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(STRIDE_FUSES.OnlyLoadAppFromAsar).toBe(true);
    expect(STRIDE_FUSES.GrantFileProtocolExtraPrivileges).toBe(false);
  });

  it('set every fuse this @electron/fuses knows, by its real name', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(STRIDE_FUSES).sort()).toEqual([...known].sort());
  });

  it('map to the config @electron/fuses expects, strictly requiring all fuses', () => {
    const config = fuseConfig();
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
  });
});
