import { describe, expect, it } from 'vitest';
import { createShellLogger, formatShellEvent, redactUrl, type ShellEvent } from '../../src-main/electron/log';

const now = new Date('2026-01-02T03:04:05.000Z');
const patientName = 'Maria Fernández';

describe('shell log', () => {
  it('keeps only scheme and host of refused URLs', () => {
    expect(redactUrl('https://evil.example/steal?name=Maria%20Fern%C3%A1ndez')).toBe('https://evil.example');
    expect(redactUrl('javascript:alert("Maria")')).toBe('javascript:');
    expect(redactUrl('%%%')).toBe('(unparseable url)');
  });

  it('never writes patient data carried by URLs, permissions or reasons', () => {
    const events: ShellEvent[] = [
      { kind: 'navigation-blocked', url: `https://x.example/?q=${encodeURIComponent(patientName)}` },
      { kind: 'window-open-blocked', url: `https://x.example/${encodeURIComponent(patientName)}` },
      { kind: 'request-blocked', url: `http://127.0.0.1/?dob=1990-01-01&name=${patientName}` },
      { kind: 'permission-denied', permission: patientName },
      { kind: 'renderer-gone', window: 'kiosk', reason: `crashed ${patientName}`, exitCode: 139 },
      { kind: 'internal-error', name: `Error: ${patientName}` },
    ];
    for (const event of events) {
      const line = formatShellEvent(event, now);
      expect(line).not.toMatch(/Maria|Fern|1990/);
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('writes one parseable JSON line with the technical facts', () => {
    const line = formatShellEvent({ kind: 'renderer-gone', window: 'kiosk', reason: 'crashed', exitCode: 139 }, now);
    expect(JSON.parse(line)).toEqual({ time: now.toISOString(), kind: 'renderer-gone', window: 'kiosk', reason: 'crashed', exitCode: 139 });
    expect(JSON.parse(formatShellEvent({ kind: 'ipc-refused', reason: 'not-main-frame', senderId: 7 }, now))).toMatchObject({
      reason: 'not-main-frame',
      sender: 7,
    });
  });

  it('never throws when the sink fails', () => {
    const log = createShellLogger(() => {
      throw new Error('disk full');
    });
    expect(() => log({ kind: 'second-instance' })).not.toThrow();
    const lines: string[] = [];
    createShellLogger((l) => lines.push(l), () => now)({ kind: 'webview-blocked' });
    expect(lines).toEqual([JSON.stringify({ time: now.toISOString(), kind: 'webview-blocked' })]);
  });
});
