/** Where Stride's pages live inside Electron: a privileged custom scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stride';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type Page = 'kiosk' | 'clinician' | 'setup' | 'recovery';

/** The URL a window loads; for the kiosk this is also the welcome screen a crash recovers to. */
export function pageUrl(page: Page): string {
  return `${APP_ORIGIN}/${page}.html`;
}

/** True only for URLs on Stride's own app:// origin (scheme and host both match). */
export function isAppOrigin(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}
