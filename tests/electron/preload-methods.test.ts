import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../src-main/api/contract';
import {
  KIOSK_METHODS,
  kioskMayRequest,
  refusedByPreload,
  staffMayRequest,
} from '../../src-main/electron/preload-methods';

describe('preload method gates', () => {
  it('list exactly the kiosk methods of the contract', () => {
    const kioskInContract = methodNames.filter((m) => contract[m].access === 'kiosk');
    expect([...KIOSK_METHODS].sort()).toEqual([...kioskInContract].sort());
  });

  it('route every contract method to exactly one preload, by its access level', () => {
    for (const m of methodNames) {
      const isKiosk = contract[m].access === 'kiosk';
      expect(kioskMayRequest(m), m).toBe(isKiosk);
      expect(staffMayRequest(m), m).toBe(!isKiosk);
    }
  });

  it('refuse names that are not plain method names', () => {
    for (const bad of [
      undefined,
      null,
      42,
      {},
      ['intake.submit'],
      '',
      'queue',
      '__proto__',
      'constructor',
      'queue.list ',
      'a..b',
      '.a',
      'a.',
      'Queue.list',
      'queue.list\n',
      'toString',
    ]) {
      expect(kioskMayRequest(bad)).toBe(false);
      expect(staffMayRequest(bad)).toBe(false);
    }
  });

  it('refuse with the same typed error the main process uses', () => {
    expect(refusedByPreload()).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
  });
});
