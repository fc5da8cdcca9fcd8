/// <reference types="vite/client" />
/**
 * The exercise illustrations, bundled by Vite (served from 'self', or inlined as data: URLs: both allowed by the CSP).
 */
const urls = import.meta.glob('../../../resources/illustrations/*.svg', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const byFile = new Map(Object.entries(urls).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));

/** URL of an illustration by its file name (e.g. "bridge.svg"), or null when it is not bundled. */
export function illustrationUrl(file: string): string | null {
  return byFile.get(file) ?? null;
}
