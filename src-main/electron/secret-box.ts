/**
 * The station credential's SecretBox (station/credential-file.ts) from Electron's safeStorage: the macOS Keychain,
 * Windows DPAPI, or the Linux desktop's secret service. On Linux without a keyring safeStorage falls back to
 * `basic_text`, a key written into Chromium itself: that protects nothing, so Stride treats it as unavailable and
 * stores the file as plain JSON, readable only by this user (mode 0600), and says so in docs/network.md.
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../station/credential-file';

/** Whether safeStorage really encrypts for this user (pure, for the tests). */
export function safeStorageProtects(
  available: boolean,
  platform: NodeJS.Platform,
  linuxBackend: string | null,
): boolean {
  if (!available) return false;
  return platform !== 'linux' || (linuxBackend !== null && linuxBackend !== 'basic_text' && linuxBackend !== 'unknown');
}

/** Call after `app` is ready. Null where there is no real encryption. */
export function safeStorageBox(): SecretBox | null {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  if (!safeStorageProtects(safeStorage.isEncryptionAvailable(), process.platform, backend)) return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
