/**
 * The device credential as a browser cookie. `__Host-` makes the browser insist on Secure, Path=/ and no Domain, so
 * no other host or plain-http page can set or read it; HttpOnly keeps it from page script; SameSite=Strict keeps it
 * off requests started by other sites.
 */
export const DEVICE_COOKIE = '__Host-stride-device';
/** Browsers cap cookie lifetimes at 400 days; the hub re-sends the cookie when a paired device loads a page. */
export const DEVICE_COOKIE_MAX_AGE_S = 400 * 86_400;
const CREDENTIAL = /^[A-Za-z0-9_-]{43}$/;

export function deviceCookieHeader(credential: string): string {
  const attributes = `Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}`;
  return `${DEVICE_COOKIE}=${credential}; ${attributes}`;
}

/** The credential from a Cookie header, or null. Several copies of the cookie, or a malformed one, count as none. */
export function readDeviceCookie(header: string | undefined): string | null {
  if (!header || header.length > 8192) return null;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${DEVICE_COOKIE}=`))
    .map((part) => part.slice(DEVICE_COOKIE.length + 1));
  return values.length === 1 && CREDENTIAL.test(values[0] ?? '') ? (values[0] ?? null) : null;
}

/** Whether the request carries our cookie at all (a present but unknown one is refused, not ignored). */
export function hasDeviceCookie(header: string | undefined): boolean {
  return (header ?? '').split(';').some((part) => part.trim().startsWith(`${DEVICE_COOKIE}=`));
}
