import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, fileSink } from '../../src-main/api/pino-log';
import { logShellEvent, shellLogger, urlTarget, type ShellEvent } from '../../src-main/electron/log';
import { captureLog } from '../support/log';

const now = new Date('2026-01-02T03:04:05.000Z');
const clock = { now: () => now };
const patientName = 'Maria Fernández';

describe('shell log', () => {
  it('keeps only scheme and host of refused URLs', () => {
    expect(urlTarget('https://evil.example/steal?name=Maria%20Fern%C3%A1ndez')).toEqual({
      targetScheme: 'https',
      targetHost: 'evil.example',
    });
    expect(urlTarget('https://maria:secret@evil.example:8443/x')).toEqual({
      targetScheme: 'https',
      targetHost: 'evil.example:8443',
    });
    expect(urlTarget('javascript:alert("Maria")')).toEqual({ targetScheme: 'javascript', targetHost: null });
    expect(urlTarget('%%%')).toEqual({ targetScheme: 'unparseable', targetHost: null });
  });

  it('never writes patient data carried by URLs, permissions, reasons or startup errors', () => {
    const events: ShellEvent[] = [
      { kind: 'navigation-blocked', url: `https://x.example/?q=${encodeURIComponent(patientName)}` },
      { kind: 'window-open-blocked', url: `https://x.example/${encodeURIComponent(patientName)}` },
      { kind: 'request-blocked', url: `http://127.0.0.1/?dob=1990-01-01&name=${patientName}` },
      { kind: 'permission-denied', permission: patientName },
      { kind: 'renderer-gone', window: 'kiosk', reason: `crashed ${patientName}`, exitCode: 139 },
      { kind: 'startup-failed', error: new Error(`cannot open /home/maria/${patientName}.db`) },
    ];
    for (const event of events) {
      const { lines, logger } = captureLog(clock);
      logShellEvent(logger, event);
      expect(lines, event.kind).toHaveLength(1);
      expect(lines[0]).not.toMatch(/Maria|maria|Fern|1990/);
      expect(JSON.parse(lines[0]!)).toMatchObject({ kind: event.kind });
    }
  });

  it('writes one parseable JSON line with the technical facts, at a level that fits', () => {
    const { entries, logger } = captureLog(clock);
    const log = shellLogger(logger);
    log({ kind: 'renderer-gone', window: 'kiosk', reason: 'crashed', exitCode: 139 });
    log({ kind: 'ipc-refused', reason: 'not-main-frame', senderId: 7 });
    log({ kind: 'request-blocked', url: 'https://example.com/x.js' });
    log({ kind: 'startup-failed', error: Object.assign(new Error('dlopen failed'), { code: 'ERR_DLOPEN_FAILED' }) });
    expect(entries()).toEqual([
      {
        level: 'warn',
        time: now.toISOString(),
        kind: 'renderer-gone',
        window: 'kiosk',
        reason: 'crashed',
        exitCode: 139,
      },
      { level: 'security', time: now.toISOString(), kind: 'ipc-refused', reason: 'not-main-frame', senderId: 7 },
      {
        level: 'security',
        time: now.toISOString(),
        kind: 'request-blocked',
        targetScheme: 'https',
        targetHost: 'example.com',
      },
      {
        level: 'error',
        time: now.toISOString(),
        kind: 'startup-failed',
        errorName: 'Error',
        errorCode: 'ERR_DLOPEN_FAILED',
      },
    ]);
  });

  it('appends to the log file in a folder it creates, one line per event, synchronously', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stride-log-'));
    try {
      const file = join(dir, 'logs', 'stride.log');
      const log = shellLogger(createLogger(fileSink(file), clock));
      log({ kind: 'webview-blocked' });
      log({ kind: 'second-instance' });
      // Read at once, without waiting or flushing: a line about a crash is on disk before the process goes.
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
        { level: 'security', time: now.toISOString(), kind: 'webview-blocked' },
        { level: 'info', time: now.toISOString(), kind: 'second-instance' },
      ]);
      shellLogger(createLogger(fileSink(file), clock))({ kind: 'staff-requested' });
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws when the sink fails', () => {
    const log = shellLogger(
      createLogger({
        write: () => {
          throw new Error('disk full');
        },
      }),
    );
    expect(() => log({ kind: 'second-instance' })).not.toThrow();
  });
});
