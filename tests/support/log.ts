/** The real logger (pino, with the core's redaction) writing into an array, for tests that read what was logged. */
import { createLogger } from '../../src-main/api/pino-log';
import type { Clock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';

export interface CapturedLog {
  logger: Logger;
  /** Each line as written, without its newline. */
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

export function captureLog(clock?: Clock): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ write: (line: string) => void lines.push(line.replace(/\n$/, '')) }, clock);
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
