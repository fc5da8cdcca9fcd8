/**
 * The Logger of core/log.ts, written with pino: one JSON line per event, `level` as a word (`security` is a level of
 * its own, between warn and error), `time` as ISO-8601 UTC, then `kind` and the redacted fields.
 *
 * Why pino rather than the hand-written writer it replaces: it is maintained, fast, escapes JSON correctly whatever a
 * field holds, and its destination (sonic-boom) appends to a file synchronously, makes the folder, and can reopen the
 * file after log rotation; its format is the one pino-pretty and most log tools read. Redaction stays ours
 * (core/log.ts):
 * pino's `redact` removes listed paths, but we need the stricter rule that only listed kinds of VALUE pass, so every
 * field goes through redactFields before pino sees it, and pino is never handed an Error (its serializer would write
 * the message and stack).
 *
 * Only synchronous destinations and no transports: a transport runs on a worker thread loaded from a file path, which
 * does not survive electron-vite's bundling of the main process, and a synchronous write puts the line about a crash on
 * disk before the process goes.
 */
import pino, { type DestinationStream } from 'pino';
import { systemClock, type Clock } from '../core/clock';
import { describeError, redactFields, safeKind, type LogFields, type Logger } from '../core/log';

/** Where lines go: a file, stderr, or an array in tests. Each write is one line ending in a newline. */
export type LogSink = DestinationStream;

export function createLogger(sink: LogSink, clock: Clock = systemClock): Logger {
  const out = pino(
    {
      // No pid or hostname on every line: each machine's log is its own file.
      base: null,
      level: 'info',
      customLevels: { security: 45 },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: () => `,"time":"${clock.now().toISOString()}"`,
    },
    sink,
  );
  const write = (level: 'error' | 'warn' | 'security' | 'info', record: Record<string, unknown>) => {
    try {
      out[level](record);
    } catch {
      // Logging must never take the app down.
    }
  };
  const entry = (kind: string, fields: LogFields | undefined) => ({ kind: safeKind(kind), ...redactFields(fields) });
  return {
    error: (kind, error, fields) => write('error', { ...entry(kind, fields), ...describeError(error) }),
    warn: (kind, fields) => write('warn', entry(kind, fields)),
    security: (kind, fields) => write('security', entry(kind, fields)),
    info: (kind, fields) => write('info', entry(kind, fields)),
  };
}

/** Appends to `path` synchronously, creating its folder. A failed write (disk full) loses that line, nothing more. */
export function fileSink(path: string): LogSink {
  const destination = pino.destination({ dest: path, sync: true, mkdir: true, append: true });
  destination.on('error', () => undefined);
  return destination;
}

/**
 * Standard error, synchronously: the web shell's stdout is kept for the addresses it prints (one JSON line with
 * --json).
 */
export function stderrSink(): LogSink {
  return pino.destination({ dest: 2, sync: true });
}
