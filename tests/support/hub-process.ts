/**
 * `npm run hub` inside a test network namespace, started the way package.json starts it (the same launcher and Node
 * flags, the built hub in out/main), so what the network tests and bench/network.ts measure is the hub as a clinic runs
 * it.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './clinician';
import { firstJsonLine, type SpawnNode, type TestNetwork } from './netns';

export const HUB_SCRIPT = 'scripts/hub.mjs';

/** What `npm run hub -- --json` prints first. */
export interface HubStarted {
  pid: number;
  port: number;
  origins: string[];
  caFingerprint: string;
  tokens: { kiosk: string; staff: string };
  /** 'sqlite', or the PostgreSQL connection string with any password redacted. */
  database: string;
}

/** The Node flags between `node` and the script in package.json's `hub` script (e.g. --max-semi-space-size=8). */
export function hubNodeFlags(): string[] {
  const pkg = z
    .object({ scripts: z.object({ hub: z.string() }) })
    .parse(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')));
  const words = pkg.scripts.hub.trim().split(/\s+/);
  const script = words.indexOf(HUB_SCRIPT);
  if (words[0] !== 'node' || script < 0) throw new Error(`package.json's hub script is not "node … ${HUB_SCRIPT}"`);
  return words.slice(1, script);
}

/** Starts the hub in the network's hub namespace; `started` is its --json line. */
export function startHubProcess(
  network: TestNetwork,
  args: string[],
  startMs = 60_000,
): { child: ChildProcess; started: Promise<HubStarted> } {
  return startHubIn(network.spawnNode, network.hub.ns, args, { startMs });
}

/** Starts the hub in any test namespace (a test LAN's host), with extra environment (STRIDE_DATABASE_URL). */
export function startHubIn(
  spawnNode: SpawnNode,
  ns: string,
  args: string[],
  options: { startMs?: number; env?: Record<string, string> } = {},
): { child: ChildProcess; started: Promise<HubStarted> } {
  const child = spawnNode(ns, HUB_SCRIPT, ['--json', ...args], options.env ?? {}, hubNodeFlags());
  return { child, started: firstJsonLine<HubStarted>(child, options.startMs ?? 60_000) };
}
