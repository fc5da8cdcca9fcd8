/**
 * Connection strings carry credentials: everything Stride prints about a database goes through here first. The
 * password (in the URL or as `password=` in its query) is replaced; user, host, port and database stay, since those
 * are what a person needs to see which server was meant.
 */
import { REDACTED } from '../../core/log';
import { POSTGRES_URL_PATTERN } from '../../core/vocabulary';

export function isPostgresUrl(value: string): boolean {
  return POSTGRES_URL_PATTERN.test(value);
}

/** The URL with its password replaced, for messages and logs. An unparsable one is not echoed at all. */
export function redactConnectionString(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a connection string that could not be read)';
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()])
    if (/pass|secret|key/i.test(key)) parsed.searchParams.set(key, REDACTED);
  return parsed.toString();
}

/** The secrets of a URL as they could appear in any text (raw and percent-decoded), longest first. */
function secretsOf(url: string): string[] {
  const found = new Set<string>();
  try {
    const parsed = new URL(url);
    const add = (s: string) => {
      if (s.length === 0) return;
      found.add(s);
      try {
        found.add(decodeURIComponent(s));
      } catch {
        // not percent-encoded
      }
    };
    add(parsed.password);
    for (const [key, value] of parsed.searchParams) if (/pass|secret|key/i.test(key)) add(value);
  } catch {
    // unparsable: nothing known to remove, and the URL itself is never printed
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** Any text (an error message from the driver, say) with the URL's secrets and the URL itself removed. */
export function redactSecrets(text: string, url: string): string {
  let out = text.split(url).join(redactConnectionString(url));
  for (const secret of secretsOf(url)) out = out.split(secret).join(REDACTED);
  return out;
}
