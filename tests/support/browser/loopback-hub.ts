/** A hub on loopback over a throwaway data folder, and a Chromium that trusts its certificate: for browser tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { DesktopCapabilities } from '../../../src-main/api/handlers/deps';
import { startHub, type Hub } from '../../../src-main/hub/server';
import { makeTestCore, type TestCore } from '../core';
import { launchBrowserTrustingHub, repoRoot } from './harness';

export interface LoopbackHub {
  /** The throwaway folder (data in `data/`); removed by close(). */
  dir: string;
  t: TestCore;
  hub: Hub;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * `renderer` makes the renderer folder inside `dir` (a stub page); the built app's by default. `desktop` stands in for
 * what the desktop app gives its core (this computer's machine.json, say).
 */
export async function startLoopbackHub(
  renderer?: (dir: string) => string,
  desktop?: (dir: string) => DesktopCapabilities,
): Promise<LoopbackHub> {
  const dir = mkdtempSync(join(tmpdir(), 'stride-hub-e2e-'));
  const t = await makeTestCore({ dataDir: join(dir, 'data'), ...(desktop ? { desktop: desktop(dir) } : {}) });
  const hub = await startHub({
    core: t.core,
    rendererDir: renderer ? renderer(dir) : join(repoRoot, 'out', 'renderer'),
    dataDir: t.dataDir,
    listen: { host: '127.0.0.1', port: 0 },
    names: [],
    clock: t.clock,
  });
  const browser = await launchBrowserTrustingHub(hub.certificates.certPem);
  return {
    dir,
    t,
    hub,
    browser,
    close: async () => {
      await browser.close();
      await hub.close();
      t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
