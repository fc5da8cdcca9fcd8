/**
 * Held intakes are stored sealed: AES-GCM under a key made on this device as non-extractable, so the browser
 * profile's files hold ciphertext, and page script can use the key but never read it out. Each entry is bound to its
 * submission id (additional data), so entries cannot be swapped. Web Crypto only; runs under Node for tests.
 */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const IV_BYTES = 12;

/** Web Crypto's CryptoKey, named so that this module type-checks as browser code and under Node (its tests). */
export type SealingKey = Parameters<typeof crypto.subtle.encrypt>[1];

export function newSealingKey(): Promise<SealingKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: SealingKey, boundTo: string, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(boundTo) },
    key,
    plain,
  );
  return { iv, data };
}

/** The value sealed for `boundTo`; throws when the key, the id or a byte does not match. */
export async function unseal(key: SealingKey, boundTo: string, sealed: Sealed): Promise<unknown> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode(boundTo) },
    key,
    sealed.data,
  );
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}
