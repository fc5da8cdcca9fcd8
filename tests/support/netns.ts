/**
 * A small clinic network inside this machine: network namespaces joined to a "hub" namespace by veth pairs
 * (`createTestNetwork`), or named hosts on one bridged segment (`createTestLan`: a clinic group's hubs and their
 * database), with addresses from 198.18.0.0/15 (set aside for network tests, RFC 2544) so no real network is ever a
 * target. Everything made here is removed by `destroy()`, and also when the test process exits some other way.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TestHost {
  /** Namespace name. */
  ns: string;
  address: string;
  /** A station's way to the hub: the hub's address on this station's own link (the hub's own entry: its first). */
  hubAddress: string;
}

export interface TestNetwork {
  hub: TestHost;
  stations: TestHost[];
  /** Starts `node [nodeFlags] --import tsx script args` inside a namespace, from the repository root. */
  spawnNode: SpawnNode;
  destroy(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });

/** Why namespaces cannot be made here, or null when they can (tried for real, then removed). */
export function netnsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root (CI runs as root)';
  const probe = `stride-probe-${randomBytes(3).toString('hex')}`;
  try {
    ip('netns', 'add', probe);
  } catch (e) {
    return `\`ip netns add\` failed: ${(e as { stderr?: Buffer }).stderr?.toString().trim() || String(e)}`;
  }
  try {
    ip('netns', 'del', probe);
  } catch {
    // nothing more to do
  }
  return null;
}

/** Node processes started inside test namespaces, from the repository: `node [flags] [--import tsx] script args`. */
export type SpawnNode = (
  ns: string,
  script: string,
  args: string[],
  env?: Record<string, string>,
  nodeFlags?: readonly string[],
) => ChildProcess;

/**
 * Namespaces and the node processes started in them, made one by one and all removed by `destroy()` (also when the
 * test process exits some other way): what every test network is built on.
 */
function namespaceSet(repoRoot: string) {
  const namespaces: string[] = [];
  const children = new Set<ChildProcess>();
  let destroyed = false;

  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const child of children) {
      // Each child leads its own process group (detached): end it and anything it started.
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of namespaces) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
    process.off('exit', destroy);
  };
  process.on('exit', destroy);

  const add = (name: string) => {
    ip('netns', 'add', name);
    namespaces.push(name);
    ip('-n', name, 'link', 'set', 'lo', 'up');
    return name;
  };

  const spawnNode: SpawnNode = (ns, script, args, env = {}, nodeFlags = []) => {
    // TypeScript (a test's own station or helper) through tsx; JavaScript (the built hub's launcher) as it ships.
    const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    const command = [process.execPath, ...nodeFlags, ...loader, script, ...args];
    const child = spawn('ip', ['netns', 'exec', ns, ...command], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  return { add, spawnNode, destroy };
}

export function createTestNetwork(options: { stations: number; repoRoot: string }): TestNetwork {
  const id = randomBytes(3).toString('hex');
  const { add: addNs, spawnNode, destroy } = namespaceSet(options.repoRoot);
  try {
    const hubNs = addNs(`stride-${id}-hub`);
    const hub: TestHost = { ns: hubNs, address: '', hubAddress: '' };
    const stations: TestHost[] = [];
    // One point-to-point link per station: 198.18.<k>.1 on the hub, 198.18.<k>.2 on station k.
    const hubAddresses: string[] = [];
    for (let k = 1; k <= options.stations; k++) {
      const ns = addNs(`stride-${id}-st${k}`);
      // Interface names are at most 15 characters.
      const hubEnd = `sh${id}${k}`;
      const stationEnd = `ss${id}${k}`;
      ip('link', 'add', hubEnd, 'netns', hubNs, 'type', 'veth', 'peer', 'name', stationEnd, 'netns', ns);
      ip('-n', hubNs, 'addr', 'add', `198.18.${k}.1/24`, 'dev', hubEnd);
      ip('-n', hubNs, 'link', 'set', hubEnd, 'up');
      ip('-n', ns, 'addr', 'add', `198.18.${k}.2/24`, 'dev', stationEnd);
      ip('-n', ns, 'link', 'set', stationEnd, 'up');
      hubAddresses.push(`198.18.${k}.1`);
      stations.push({ ns, address: `198.18.${k}.2`, hubAddress: `198.18.${k}.1` });
    }
    hub.address = hubAddresses[0] ?? '';
    hub.hubAddress = hub.address;
    return { hub, stations, spawnNode, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}

/** Hosts on one switched segment, each reaching every other at its address (a clinic group's network, say). */
export interface TestLan<Name extends string> {
  hosts: Record<Name, { ns: string; address: string }>;
  /** The segment as CIDR (198.18.0.0/24), for a server's list of allowed clients. */
  subnet: string;
  spawnNode: SpawnNode;
  destroy(): void;
}

/**
 * One namespace per named host, each joined by a veth pair to a bridge in a namespace of its own (the switch), host k
 * (from 1, in the order given) at 198.18.0.<k>/24.
 */
export function createTestLan<Name extends string>(options: {
  hosts: readonly Name[];
  repoRoot: string;
}): TestLan<Name> {
  if (options.hosts.length > 200) throw new Error('a test LAN has at most 200 hosts');
  const id = randomBytes(3).toString('hex');
  const { add: addNs, spawnNode, destroy } = namespaceSet(options.repoRoot);
  try {
    const switchNs = addNs(`stride-${id}-switch`);
    ip('-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', switchNs, 'link', 'set', 'br0', 'up');
    const hosts = {} as Record<Name, { ns: string; address: string }>;
    options.hosts.forEach((name, i) => {
      const k = i + 1;
      const ns = addNs(`stride-${id}-${k}`);
      // Interface names are at most 15 characters.
      const switchEnd = `lp${id}${k}`;
      const hostEnd = `lh${id}${k}`;
      ip('link', 'add', switchEnd, 'netns', switchNs, 'type', 'veth', 'peer', 'name', hostEnd, 'netns', ns);
      ip('-n', switchNs, 'link', 'set', switchEnd, 'master', 'br0');
      ip('-n', switchNs, 'link', 'set', switchEnd, 'up');
      ip('-n', ns, 'addr', 'add', `198.18.0.${k}/24`, 'dev', hostEnd);
      ip('-n', ns, 'link', 'set', hostEnd, 'up');
      hosts[name] = { ns, address: `198.18.0.${k}` };
    });
    return { hosts, subnet: '198.18.0.0/24', spawnNode, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}

/** The first line a child prints on stdout, as JSON; fails after `timeoutMs` or if the child exits first. */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no output within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)) as T);
      } catch {
        reject(new Error(`not JSON: ${out.slice(0, 500)}`));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing; stderr: ${err.slice(-2000)}`));
    });
  });
}

/** Waits for a child to exit, killing it (its group) after `timeoutMs`. */
export function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
