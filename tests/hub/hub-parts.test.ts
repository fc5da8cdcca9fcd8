/** The hub's small parts: the attempt limiter, the device cookie, --listen and the certificate names it implies. */
import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../src-main/hub/attempt-limiter';
import { DEVICE_COOKIE, deviceCookieHeader, hasDeviceCookie, readDeviceCookie } from '../../src-main/hub/device-cookie';
import { hubNames, isLoopbackAddress, parseListen } from '../../src-main/hub/listen';
import { DEFAULT_KIOSK_SUBMIT_LIMITS } from '../../src-main/hub/server';
import { parseKioskSubmitLimit } from '../../src-main/hub/submit-limit';

describe('attempt limiter', () => {
  it('limits per address within the window and forgets afterwards', () => {
    let now = 0;
    const l = new AttemptLimiter({ perAddress: 3, global: 100, windowMs: 1000 }, () => now);
    expect([l.fail('a'), l.fail('a'), l.fail('a')]).toEqual([false, false, true]);
    expect(l.check('a')).toEqual({ allowed: false, scope: 'address', retryAt: new Date(1000) });
    expect(l.check('b')).toEqual({ allowed: true });
    now = 1001;
    expect(l.check('a')).toEqual({ allowed: true });
  });

  it('limits everyone once the global count is reached, and bounds the addresses it remembers', () => {
    const now = 0;
    const l = new AttemptLimiter({ perAddress: 10, global: 4, windowMs: 1000, maxAddresses: 3 }, () => now);
    for (const a of ['a', 'b', 'c']) l.fail(a);
    expect(l.check('d')).toMatchObject({ allowed: false, scope: 'global' });
    expect(l.check('a')).toEqual({ allowed: true });
    expect(l.fail('a')).toBe(true);
    expect(l.check('a')).toMatchObject({ allowed: false, scope: 'global' });
  });
});

describe('attempt limiter with many times kept', () => {
  it('forgets each time as it leaves the window, also between full sweeps', () => {
    let now = 0;
    const l = new AttemptLimiter({ perAddress: 5000, global: Number.MAX_SAFE_INTEGER, windowMs: 10_000 }, () => now);
    for (; now < 5000; now++) l.fail('kiosk');
    expect(l.check('kiosk')).toEqual({ allowed: false, scope: 'address', retryAt: new Date(10_000) });
    now = 10_000; // the time of 0 ms has left the window, the others have not
    expect(l.check('kiosk')).toEqual({ allowed: true });
    expect(l.fail('kiosk')).toBe(true);
    expect(l.check('kiosk')).toEqual({ allowed: false, scope: 'address', retryAt: new Date(10_001) });
  });
  it('does not count addresses whose times have all left the window against the table size', () => {
    let now = 0;
    const l = new AttemptLimiter({ perAddress: 10, global: 100, windowMs: 1000, maxAddresses: 3 }, () => now);
    for (const a of ['a', 'b', 'c']) l.fail(a);
    expect(l.check('d')).toMatchObject({ allowed: false, scope: 'global' });
    now = 1001;
    expect(l.check('d')).toEqual({ allowed: true });
  });
});

describe('device cookie', () => {
  const cred = 'A'.repeat(43);
  it('is Secure, HttpOnly, SameSite=Strict, host-only', () => {
    expect(deviceCookieHeader(cred)).toBe(
      `${DEVICE_COOKIE}=${cred}; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=34560000`,
    );
  });
  it('reads exactly one well-formed copy, else none', () => {
    expect(readDeviceCookie(`theme=dark; ${DEVICE_COOKIE}=${cred}`)).toBe(cred);
    expect(readDeviceCookie(`${DEVICE_COOKIE}=${cred}; ${DEVICE_COOKIE}=${'B'.repeat(43)}`)).toBeNull();
    expect(readDeviceCookie(`${DEVICE_COOKIE}=short`)).toBeNull();
    expect(readDeviceCookie(`stride-device=${cred}`)).toBeNull();
    expect(readDeviceCookie(undefined)).toBeNull();
    expect(hasDeviceCookie(`${DEVICE_COOKIE}=short`)).toBe(true);
    expect(hasDeviceCookie('theme=dark')).toBe(false);
  });
});

describe('--listen and hub names', () => {
  it('defaults to loopback; takes IPv4 and bracketed IPv6; refuses the rest', () => {
    expect(parseListen(undefined)).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(parseListen('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(parseListen('[::]:9443')).toEqual({ host: '::', port: 9443 });
    for (const bad of ['8443', '0.0.0.0', 'hub.local:8443', '1.2.3.4:70000', '::1:8443'])
      expect(() => parseListen(bad), bad).toThrow();
  });
  it("a wildcard listen names the machine's addresses and host name; loopback names nothing extra", () => {
    const machine = { hostname: 'FrontDesk', addresses: () => ['10.0.0.4'] };
    expect(hubNames({ host: '0.0.0.0', port: 8443 }, ['hub.clinic.lan'], machine)).toEqual([
      '10.0.0.4',
      'frontdesk',
      'frontdesk.local',
      'hub.clinic.lan',
    ]);
    expect(hubNames({ host: '127.0.0.1', port: 8443 }, [], machine)).toEqual([]);
    expect(hubNames({ host: '10.0.0.9', port: 8443 }, [], { hostname: 'bad name', addresses: () => [] })).toEqual([
      '10.0.0.9',
    ]);
  });
  it('recognises loopback peers, including IPv4-mapped ones', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', undefined, '']) expect(isLoopbackAddress(a), String(a)).toBe(false);
  });
});

describe('--kiosk-submit-limit', () => {
  it('keeps the default when absent; reads COUNT/WINDOW in seconds, minutes or hours, per device only', () => {
    expect(parseKioskSubmitLimit(undefined, DEFAULT_KIOSK_SUBMIT_LIMITS)).toBe(DEFAULT_KIOSK_SUBMIT_LIMITS);
    expect(DEFAULT_KIOSK_SUBMIT_LIMITS).toMatchObject({ perAddress: 30, windowMs: 10 * 60_000 });
    const unbounded = Number.MAX_SAFE_INTEGER;
    expect(parseKioskSubmitLimit('30/10m', DEFAULT_KIOSK_SUBMIT_LIMITS)).toEqual(DEFAULT_KIOSK_SUBMIT_LIMITS);
    expect(parseKioskSubmitLimit('5/30s', DEFAULT_KIOSK_SUBMIT_LIMITS)).toEqual({
      perAddress: 5,
      global: unbounded,
      windowMs: 30_000,
    });
    expect(parseKioskSubmitLimit(' 100000/1h ', DEFAULT_KIOSK_SUBMIT_LIMITS)).toEqual({
      perAddress: 100_000,
      global: unbounded,
      windowMs: 3_600_000,
    });
  });
  it('refuses a limit it cannot honour, saying what it wants', () => {
    for (const bad of ['', '30', '30/', '/10m', '0/10m', '30/0s', '30/10', '30/10d', '1.5/10m', '-1/10m', '30/25h'])
      expect(() => parseKioskSubmitLimit(bad, DEFAULT_KIOSK_SUBMIT_LIMITS), bad).toThrow(/COUNT\/WINDOW/);
    expect(() => parseKioskSubmitLimit('2000000/10m', DEFAULT_KIOSK_SUBMIT_LIMITS)).toThrow(/1 to 1000000/);
  });
});
