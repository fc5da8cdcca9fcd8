// Pure helpers for scripts/start.mjs, kept apart so they are unit-tested (tests/electron/start.test.ts).

/** The one sentence `npm start` prints when Electron cannot run here. */
export const ELECTRON_FALLBACK_SENTENCE =
  "Electron's binary is not installed and could not be downloaded here, so Stride is starting in its web shell " +
  'instead.';

/** Whether a graphical session is there to open browser windows on. */
export function displayAvailable(env) {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Flags for Debian chromium in app mode: a clean throwaway profile that phones nowhere. */
export function chromiumArgs({ url, userDataDir, isRoot }) {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    `--user-data-dir=${userDataDir}`,
    `--app=${url}`,
  ];
}

/** Electron refuses to start as root unless its sandbox is turned off for that run. */
export function electronArgs({ appDir, isRoot, args = [] }) {
  // Only Stride's own flags reach the app: `npm start -- --setup` opens the setup window (this computer's mode).
  const passed = args.filter((a) => STRIDE_FLAGS.includes(a));
  return [...(isRoot ? ['--no-sandbox'] : []), appDir, ...passed];
}

/** What `npm start -- …` may hand to the desktop app. */
export const STRIDE_FLAGS = ['--setup'];

/** Reads the web shell's `--json` ready line; null for any other output line. */
export function parseShellReady(line) {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  try {
    const value = JSON.parse(text);
    if (typeof value?.kioskUrl === 'string' && typeof value?.clinicianUrl === 'string') {
      // The launch addresses are single-use and carry no token: they are what goes on a browser's command line.
      const launch = (key, fallback) => (typeof value[key] === 'string' ? value[key] : fallback);
      return {
        kioskUrl: value.kioskUrl,
        clinicianUrl: value.clinicianUrl,
        kioskLaunchUrl: launch('kioskLaunchUrl', value.kioskUrl),
        clinicianLaunchUrl: launch('clinicianLaunchUrl', value.clinicianUrl),
        dataDir: typeof value.dataDir === 'string' ? value.dataDir : null,
      };
    }
  } catch {
    // Not the ready line.
  }
  return null;
}

/**
 * How long the Electron binary check may take (a first download on a slow line), overridable for impatient machines.
 */
export function electronFetchTimeoutMs(env) {
  const n = Number(env.STRIDE_ELECTRON_FETCH_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 300_000;
}

/** Code for the child step that makes sure the binary is there: require('electron') downloads it when missing. */
export const ELECTRON_PROBE_CODE = "process.stdout.write('\\nSTRIDE_ELECTRON_PATH=' + require('electron') + '\\n')";

/** The binary path from the probe's output; download progress may come before it. */
export function parseElectronProbe(output) {
  const line = output
    .split(/\r?\n/)
    .reverse()
    .find((l) => l.startsWith('STRIDE_ELECTRON_PATH='));
  const path = line?.slice('STRIDE_ELECTRON_PATH='.length).trim();
  return path ? path : null;
}
