/** When the station credential is sealed with safeStorage, and when it is not (Linux without a keyring). */
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ safeStorage: {} }));
const { safeStorageProtects } = await import('../../src-main/electron/secret-box');

describe('safeStorage as the credential box', () => {
  it('protects on macOS and Windows when available, on Linux only with a real keyring', () => {
    expect(safeStorageProtects(true, 'darwin', null)).toBe(true);
    expect(safeStorageProtects(true, 'win32', null)).toBe(true);
    expect(safeStorageProtects(true, 'linux', 'gnome_libsecret')).toBe(true);
    expect(safeStorageProtects(true, 'linux', 'kwallet5')).toBe(true);
    // Chromium's fallback key is the same on every machine: no protection at all.
    expect(safeStorageProtects(true, 'linux', 'basic_text')).toBe(false);
    expect(safeStorageProtects(true, 'linux', 'unknown')).toBe(false);
    expect(safeStorageProtects(false, 'darwin', null)).toBe(false);
  });
});
