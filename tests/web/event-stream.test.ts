/**
 * Staff event ids, the replay buffer and resync: the log alone (src-main/web/event-log.ts), then the real web shell's
 * `/api/events` over HTTP with `Last-Event-ID` and `?after=`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrideCore, type StrideCore } from '../../src-main/api/app';
import { startWebShell, type WebShell } from '../../src-main/web/server';
import { StaffEventLog } from '../../src-main/web/event-log';
import { SseParser, type SseMessage } from '../../src-renderer/lib/staff-stream';
import { repoRoot } from '../support/core';

const changed = { type: 'queue.changed' } as const;

describe('StaffEventLog', () => {
  it('numbers events in order under its epoch and replays exactly those after an id', () => {
    const log = new StaffEventLog(10, 'aaaaaaaa');
    expect(log.head).toBe('aaaaaaaa.0');
    expect(log.resume(log.head)).toEqual({ kind: 'replay', events: [] });
    const ids = [1, 2, 3].map(() => log.append(changed).id);
    expect(ids).toEqual(['aaaaaaaa.1', 'aaaaaaaa.2', 'aaaaaaaa.3']);
    expect(log.resume('aaaaaaaa.1')).toEqual({
      kind: 'replay',
      events: [
        { id: 'aaaaaaaa.2', event: changed },
        { id: 'aaaaaaaa.3', event: changed },
      ],
    });
    expect(log.resume('aaaaaaaa.0')).toMatchObject({ kind: 'replay', events: { length: 3 } });
    expect(log.resume(undefined)).toEqual({ kind: 'fresh' });
    expect(log.resume('')).toEqual({ kind: 'fresh' });
  });

  it('asks for a resync when the gap is older than the buffer, the id is from another epoch or malformed', () => {
    const log = new StaffEventLog(3, 'bbbbbbbb');
    for (let i = 0; i < 5; i++) log.append(changed);
    // Kept: 3, 4, 5. After 2 is still whole; after 1 would need event 2, which is gone.
    expect(log.resume('bbbbbbbb.2')).toMatchObject({ kind: 'replay', events: { length: 3 } });
    expect(log.resume('bbbbbbbb.1')).toEqual({ kind: 'resync' });
    expect(log.resume('cccccccc.4')).toEqual({ kind: 'resync' });
    expect(log.resume('bbbbbbbb.6')).toEqual({ kind: 'resync' });
    for (const bad of [
      'bbbbbbbb',
      'bbbbbbbb.-1',
      'bbbbbbbb.01',
      'bbbbbbbb.1e3',
      'BBBBBBBB.2',
      `bbbbbbbb.${'9'.repeat(20)}`,
    ]) {
      expect(log.resume(bad), bad).toEqual({ kind: 'resync' });
    }
  });

  it('has a fresh random epoch per instance', () => {
    const epochs = new Set(Array.from({ length: 20 }, () => new StaffEventLog().epoch));
    expect(epochs.size).toBeGreaterThan(1);
  });
});

describe('/api/events', () => {
  let dir: string;
  let core: StrideCore;
  let shell: WebShell;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stride-events-'));
    mkdirSync(join(dir, 'renderer'));
    core = createStrideCore({
      dataDir: join(dir, 'data'),
      resourcesDir: join(repoRoot, 'resources'),
      backupSchedule: false,
    });
    shell = await startWebShell({ core, rendererDir: join(dir, 'renderer'), port: 0 });
  });
  afterAll(async () => {
    await shell.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a stream, collects messages until `until` says stop (or 5 s pass), then closes it. */
  function stream(
    options: { path?: string; headers?: Record<string, string> },
    until: (seen: SseMessage[]) => boolean,
  ): Promise<{ status: number; messages: SseMessage[] }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: shell.port,
          path: options.path ?? '/api/events',
          headers: {
            Host: `127.0.0.1:${shell.port}`,
            Authorization: `Bearer ${shell.tokens.staff}`,
            ...options.headers,
          },
        },
        (res) => {
          const parser = new SseParser();
          const messages: SseMessage[] = [];
          const finish = () => {
            clearTimeout(timer);
            req.destroy();
            resolve({ status: res.statusCode ?? 0, messages });
          };
          const timer = setTimeout(finish, 5000);
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            messages.push(...parser.feed(c));
            if (until(messages)) finish();
          });
          res.on('end', finish);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
  const ready = (seen: SseMessage[]) => seen.some((m) => m.event === 'ready');

  it('a first connection gets only ready with the latest id; reconnecting with it replays the rest', async () => {
    const first = await stream({}, ready);
    expect(first.status).toBe(200);
    expect(first.messages.map((m) => m.event)).toEqual(['ready']);
    const since = first.messages[0]!.id!;
    expect(since).toMatch(/^[0-9a-f]{8}\.\d+$/);

    core.events.emit({ type: 'queue.changed' });
    core.events.emit({ type: 'alert.urgent', sessionId: 7, urgency: 'emergency', checkInCode: 'K7' });
    const again = await stream({ headers: { 'Last-Event-ID': since } }, ready);
    expect(again.messages.map((m) => [m.event, m.data && JSON.parse(m.data)])).toEqual([
      [undefined, { type: 'queue.changed' }],
      [undefined, { type: 'alert.urgent', sessionId: 7, urgency: 'emergency', checkInCode: 'K7' }],
      ['ready', {}],
    ]);
    const [epoch, seq] = since.split('.');
    expect(again.messages.map((m) => m.id)).toEqual([
      `${epoch}.${Number(seq) + 1}`,
      `${epoch}.${Number(seq) + 2}`,
      `${epoch}.${Number(seq) + 2}`,
    ]);

    // The query form does the same; a window already caught up gets nothing but ready.
    const viaQuery = await stream({ path: `/api/events?after=${encodeURIComponent(since)}` }, ready);
    expect(viaQuery.messages.filter((m) => m.data !== '{}')).toHaveLength(2);
    const upToDate = await stream({ headers: { 'Last-Event-ID': again.messages.at(-1)!.id! } }, ready);
    expect(upToDate.messages.map((m) => m.event)).toEqual(['ready']);
  });

  it('an id from another hub process, or a malformed one, gets resync before ready', async () => {
    for (const id of ['00000000.3', 'not-an-id', `${'f'.repeat(8)}.${'1'.repeat(40)}`]) {
      const r = await stream({ headers: { 'Last-Event-ID': id } }, ready);
      expect(
        r.messages.map((m) => m.event),
        id,
      ).toEqual(['resync', 'ready']);
    }
  });

  it('live events carry ids, and open streams hear a heartbeat about every 2 s', async () => {
    let emitted = false;
    const r = await stream({}, (seen) => {
      if (ready(seen) && !emitted) {
        emitted = true;
        core.events.emit({ type: 'kiosk.staffRequested' });
      }
      return seen.length >= 2;
    });
    expect(r.messages[1]).toMatchObject({ data: JSON.stringify({ type: 'kiosk.staffRequested' }) });
    expect(r.messages[1]!.id).toMatch(/^[0-9a-f]{8}\.\d+$/);

    const started = Date.now();
    let beats = 0;
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: shell.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${shell.port}`, Authorization: `Bearer ${shell.tokens.staff}` },
        },
        (res) => {
          const timer = setTimeout(() => (req.destroy(), resolve()), 4500);
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            beats += c.split(': heartbeat\n\n').length - 1;
            if (beats >= 1) {
              clearTimeout(timer);
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(beats).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('refuses the kiosk token', async () => {
    const r = await stream({ headers: { Authorization: `Bearer ${shell.tokens.kiosk}` } }, () => true);
    expect(r.status).toBe(401);
  });
});
