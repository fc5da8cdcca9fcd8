/**
 * Hands a file to the user from bytes the API returned. In the web shell the browser downloads it (`<a download>`);
 * in the desktop app, where Electron cancels downloads and refuses `blob:` URLs, the main process asks where to save
 * it and writes it (`files.save`).
 */
import { api } from './session-api';
import { downloadPath } from './download-path';

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function downloadFile(fileName: string, data: string | Uint8Array, type: string): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (downloadPath(!!window.stride) === 'main-process') {
    await api('files.save', { fileName, base64: bytesToBase64(bytes) });
    return;
  }
  const blob = new Blob([new Uint8Array(bytes)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function base64Bytes(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
