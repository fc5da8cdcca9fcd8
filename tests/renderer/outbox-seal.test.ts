/**
 * Held intakes are sealed at rest: AES-GCM under a non-extractable key, bound to the submission id. Web Crypto under
 * Node, the same API the kiosk page uses.
 */
import { describe, expect, it } from 'vitest';
import { newSealingKey, seal, unseal } from '../../src-renderer/lib/outbox-seal';

const intake = { patient: { fullName: 'Mateus Albuquerque', dateOfBirth: '1961-02-08' }, answers: { sex: 'male' } };

describe('sealing held intakes', () => {
  it('stores no readable answers and opens again with the same key and id', async () => {
    const key = await newSealingKey();
    const sealed = await seal(key, 'sub-1', intake);
    expect(Buffer.from(sealed.data).toString('latin1')).not.toContain('Albuquerque');
    expect(await unseal(key, 'sub-1', sealed)).toEqual(intake);
  });

  it('makes a key page script can use but never read out', async () => {
    const key = await newSealingKey();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('refuses another key, another id, or a changed byte', async () => {
    const key = await newSealingKey();
    const sealed = await seal(key, 'sub-1', intake);
    await expect(unseal(await newSealingKey(), 'sub-1', sealed)).rejects.toThrow();
    await expect(unseal(key, 'sub-2', sealed)).rejects.toThrow();
    const bytes = new Uint8Array(sealed.data.slice(0));
    bytes[0] = bytes[0]! ^ 1;
    await expect(unseal(key, 'sub-1', { iv: sealed.iv, data: bytes.buffer })).rejects.toThrow();
  });

  it('uses a fresh nonce for every entry', async () => {
    const key = await newSealingKey();
    const [a, b] = [await seal(key, 'x', intake), await seal(key, 'x', intake)];
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
  });
});
