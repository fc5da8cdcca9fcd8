/**
 * Printing on a desktop staff station happens on the station: the handout is downloaded from the hub and opened in
 * this computer's PDF viewer; the hub is never asked to print (it would open the PDF on its own screen).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller, Dispatch } from '../../src-main/api/dispatch';
import type { ApiResult } from '../../src-main/api/errors';
import { createStaffStationDispatch, PRINT_DIR } from '../../src-main/station/staff-station';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-print-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const staff: Caller = { channel: 'staff', key: 'wc:2' };
const pdf = Buffer.from('%PDF-1.7 handout for the patient');

/** A hub that answers handout.download (and records every method it is asked). */
function hub(
  answer: ApiResult<unknown> = { ok: true, value: { handout: { id: 7 }, pdfBase64: pdf.toString('base64') } },
) {
  const asked: string[] = [];
  const remote: Dispatch = (_caller, method) => {
    asked.push(method);
    return Promise.resolve(method === 'handout.download' ? answer : { ok: true, value: 'passed on' });
  };
  return { remote, asked };
}

describe('printing on a staff station', () => {
  it('downloads the handout from the hub and opens it here, 0600', async () => {
    const { remote, asked } = hub();
    const opened: string[] = [];
    const dispatch = createStaffStationDispatch({
      remote,
      dataDir: dir,
      openFile: (p) => (opened.push(p), Promise.resolve('')),
    });
    expect(await dispatch(staff, 'handout.print', { handoutId: 7 })).toEqual({ ok: true, value: { opened: true } });
    expect(asked).toEqual(['handout.download']);
    expect(opened).toEqual([join(dir, PRINT_DIR, 'handout-7.pdf')]);
    expect(readFileSync(opened[0]!)).toEqual(pdf);
    expect(statSync(opened[0]!).mode & 0o777).toBe(0o600);
    // Everything else goes to the hub as it is.
    expect(await dispatch(staff, 'queue.list', {})).toEqual({ ok: true, value: 'passed on' });
  });

  it('passes on the hub’s refusal, and says when the viewer could not open', async () => {
    const locked = hub({ ok: false, error: { code: 'locked', message: 'Unlock with your PIN first.' } });
    const d1 = createStaffStationDispatch({ remote: locked.remote, dataDir: dir, openFile: () => Promise.resolve('') });
    expect(await d1(staff, 'handout.print', { handoutId: 7 })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const d2 = createStaffStationDispatch({
      remote: hub().remote,
      dataDir: dir,
      openFile: () => Promise.resolve('no'),
    });
    expect(await d2(staff, 'handout.print', { handoutId: 7 })).toMatchObject({ error: { code: 'unavailable' } });
    // A malformed payload is the hub's to answer, as on any machine.
    const h = hub();
    await createStaffStationDispatch({ remote: h.remote, dataDir: dir })(staff, 'handout.print', { handoutId: 'x' });
    expect(h.asked).toEqual(['handout.print']);
  });

  it('Settings → This computer describes this station, once the hub says the window has an administrator', async () => {
    const mine = {
      mode: 'station-staff' as const,
      hub: null,
      station: { hub: '192.168.1.20:8443', caFingerprint: 'AB', deviceName: 'Room 3' },
      canChange: true,
    };
    let setups = 0;
    let hubSays: ApiResult<unknown> = { ok: false, error: { code: 'locked', message: 'Unlock with your PIN first.' } };
    const asked: string[] = [];
    const remote: Dispatch = (_c, method) => (asked.push(method), Promise.resolve(hubSays));
    const machine = { status: () => mine, openSetup: () => void setups++ };
    const dispatch = createStaffStationDispatch({ remote, dataDir: dir, machine });
    expect(await dispatch(staff, 'admin.machine.setup', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(setups).toBe(0);
    hubSays = { ok: true, value: { mode: 'hub' } };
    expect(await dispatch(staff, 'admin.machine.status', {})).toEqual({ ok: true, value: mine });
    expect(await dispatch(staff, 'admin.machine.setup', {})).toEqual({ ok: true, value: { opened: true } });
    expect(setups).toBe(1);
    // The hub is only ever asked the status (to check access), never to open its own setup window.
    expect(asked).toEqual(['admin.machine.status', 'admin.machine.status', 'admin.machine.status']);
  });

  it('removes handouts printed more than a day ago', async () => {
    mkdirSync(join(dir, PRINT_DIR));
    const old = join(dir, PRINT_DIR, 'handout-1.pdf');
    writeFileSync(old, 'old');
    const dayAgo = (Date.now() - 25 * 3600_000) / 1000;
    utimesSync(old, dayAgo, dayAgo);
    const dispatch = createStaffStationDispatch({
      remote: hub().remote,
      dataDir: dir,
      openFile: () => Promise.resolve(''),
    });
    await dispatch(staff, 'handout.print', { handoutId: 7 });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(join(dir, PRINT_DIR, 'handout-7.pdf'))).toBe(true);
  });
});
