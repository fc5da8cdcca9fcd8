/**
 * The dispatcher of a desktop staff station: the remote dispatch, except for what must happen on this computer, not
 * on the hub. `handout.print` opens the PDF in this computer's viewer (on the hub it would open on the hub's screen,
 * or fail on a headless hub): the station downloads the handout from the hub (`handout.download`, audited there),
 * keeps it in userData/print/ (mode 0600, removed after a day) and opens it here. Settings → This computer describes
 * and changes this computer, not the hub: the hub is asked only whether the window's clinician is an administrator.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contract } from '../api/contract';
import type { Dispatch } from '../api/dispatch';
import type { GeneratedHandout } from '../api/methods/handouts';
import type { MachineStatus } from '../api/methods/machine';
import { writePrivateFile } from './credential-file';

export const PRINT_DIR = 'print';
/** A PDF viewer has long finished with a handout after this. */
export const PRINT_KEEP_MS = 24 * 60 * 60_000;

export interface StaffStationOptions {
  remote: Dispatch;
  /** userData: handouts to print are written to its print/ folder. */
  dataDir: string;
  /** Opens a file in the system's viewer; resolves to an error text, '' on success (Electron's shell.openPath). */
  openFile?(path: string): Promise<string>;
  now?: () => number;
  machine?: { status(): MachineStatus; openSetup(): void };
}

function removeOld(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > PRINT_KEEP_MS) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  }
}

export function createStaffStationDispatch(options: StaffStationOptions): Dispatch {
  const { remote, openFile } = options;
  const now = options.now ?? Date.now;
  return async (caller, method, payload) => {
    const { machine } = options;
    if (
      machine &&
      caller.channel === 'staff' &&
      (method === 'admin.machine.status' || method === 'admin.machine.setup')
    ) {
      // The hub's answer settles access (an unlocked administrator on this window) and the payload; the value is ours.
      const allowed = await remote(caller, 'admin.machine.status', payload);
      if (!allowed.ok) return allowed;
      if (method === 'admin.machine.status') return { ok: true, value: machine.status() };
      machine.openSetup();
      return { ok: true, value: { opened: true } };
    }
    if (method !== 'handout.print' || caller.channel !== 'staff') return remote(caller, method, payload);
    const input = contract['handout.print'].input.safeParse(payload);
    // The remote dispatch gives the same answer as the hub for a bad payload (or a locked window).
    if (!input.success) return remote(caller, method, payload);
    if (!openFile)
      return {
        ok: false,
        error: { code: 'unavailable', message: 'Printing needs the desktop app: download the PDF and print it.' },
      };
    const downloaded = await remote(caller, 'handout.download', { handoutId: input.data.handoutId });
    if (!downloaded.ok) return downloaded;
    const { pdfBase64 } = downloaded.value as GeneratedHandout;
    const dir = join(options.dataDir, PRINT_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    removeOld(dir, now());
    const file = join(dir, `handout-${input.data.handoutId}.pdf`);
    writePrivateFile(file, Buffer.from(pdfBase64, 'base64'));
    const problem = await openFile(file);
    if (problem)
      return {
        ok: false,
        error: { code: 'unavailable', message: 'The PDF viewer could not be opened on this computer.' },
      };
    return { ok: true, value: { opened: true } };
  };
}
