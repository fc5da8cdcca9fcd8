/** The one error for every resource file Stride loads (content and locales): each line names its file and path. */
import type { z } from 'zod';

export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid content (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
    );
    this.name = 'ContentError';
  }
}

/** A JSON path as people read it: `sections[0].questions[3].label`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

/** Validates one file's parsed JSON, adding `file: path: message` for each issue; undefined when invalid or absent. */
export function parseFile<S extends z.ZodType>(
  schema: S,
  file: string,
  data: unknown,
  problems: string[],
): z.infer<S> | undefined {
  if (data === undefined) {
    problems.push(`${file}: file is missing`);
    return undefined;
  }
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) problems.push(`${file}: ${formatPath(issue.path)}: ${issue.message}`);
  return undefined;
}
