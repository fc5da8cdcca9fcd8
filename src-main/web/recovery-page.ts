/**
 * The web shell's recovery screen, served instead of Stride when the database is lost or damaged (api/startup.ts): it
 * says what is wrong, names the newest verified backup, and restores it once an administrator of that backup confirms
 * with their PIN. A plain form, no script; loopback only, behind a per-launch token in the path; five wrong PINs then a
 * minute's wait.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecoveryNeededError } from '../api/startup';
import { createRecoverySession } from '../api/recovery-session';
import type { RecoveryOutcome } from '../api/bridge';
import { sameToken } from './server';
import { escapeHtml } from './html';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#14213d}' +
  'h1{font-size:1.5rem}.problem{background:#fdecea;border:1px solid #b3261e;padding:.8rem;border-radius:6px}' +
  'label{display:block;font-weight:600;margin-top:.8rem}select,input{font:inherit;padding:.4rem;min-width:16rem}' +
  'button{margin-top:1rem;font:inherit;font-weight:700;padding:.6rem 1.2rem;background:#0b6e69;color:#fff;' +
  'border:0;border-radius:6px}.error{color:#b3261e;font-weight:600}code{font-size:.95em}' +
  'input[type=checkbox]{min-width:0;margin-right:.4rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
export const RECOVERY_CSP =
  `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; ` +
  "base-uri 'none'";

export interface RecoveryShell {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface RecoveryShellOptions {
  problem: RecoveryNeededError;
  dataDir: string;
  port?: number;
  now?: () => Date;
  /** After the backup is in place: start Stride, and return where to send the administrator (the clinician page). */
  onRecovered(): Promise<string>;
}

/** The HTTP status for each refusal the shared session can give. */
const STATUS: Record<Extract<RecoveryOutcome, { ok: false }>['refusal'], number> = {
  invalid: 400,
  unconfirmed: 400,
  'wrong-pin': 403,
  waiting: 429,
  done: 409,
  'no-backup': 400,
  failed: 500,
};

export async function startRecoveryShell(o: RecoveryShellOptions): Promise<RecoveryShell> {
  const token = randomBytes(24).toString('hex');
  const session = createRecoverySession({ problem: o.problem, dataDir: o.dataDir, ...(o.now ? { now: o.now } : {}) });
  let origin = '';

  const page = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': RECOVERY_CSP,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stride needs recovery</title>` +
        `<style>${STYLE}</style></head><body>${body}</body></html>`,
    );
  };

  const form = (error?: string): string => {
    const view = session.status();
    const head = `<h1>Stride has not started</h1><p class="problem" role="alert">${escapeHtml(view.problem)}</p>`;
    if (!view.backup)
      return (
        head +
        '<p>Put a Stride backup (a file named <code>stride-….db</code>, with its <code>.handouts</code> folder) into ' +
        'the backup folder, then start Stride again.</p>'
      );
    const b = view.backup;
    const options = view.admins.map((a) => `<option value="${a.id}">${escapeHtml(a.name)}</option>`).join('');
    return (
      head +
      `<h2>Restore ${escapeHtml(b.name)}</h2>` +
      `<p>Taken ${escapeHtml(b.takenAt)}, in <code>${escapeHtml(b.dir)}</code>. ${escapeHtml(b.holds)} ` +
      'Whatever is in the database file now is kept beside it, not deleted. Everything entered after this backup is ' +
      'not in it.</p>' +
      (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
      `<form method="post" action="/recover/${token}">` +
      '<label for="who">Administrator (as in the backup)</label>' +
      `<select id="who" name="clinicianId">${options}</select>` +
      '<label for="pin">Their PIN at the time of the backup</label>' +
      '<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" pattern="[0-9]{4,8}" ' +
      'required>' +
      '<label><input type="checkbox" name="confirm" value="yes" required> Restore this backup</label>' +
      '<button type="submit">Restore and start Stride</button></form>'
    );
  };

  const readForm = async (req: IncomingMessage): Promise<URLSearchParams | null> => {
    let body = '';
    for await (const chunk of req) {
      body += (chunk as Buffer).toString('utf8');
      if (body.length > 4096) return null;
    }
    return new URLSearchParams(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Our own Host only (DNS rebinding), and a form posted from our own page only.
    if (req.headers.host !== new URL(origin).host) return page(res, 403, '<p>Not here.</p>');
    const m = /^\/recover\/([0-9a-f]{48})$/.exec(url.pathname);
    if (!m || !sameToken(m[1]!, token)) return page(res, 404, '<p>Open the address Stride printed.</p>');
    if (req.method === 'GET') return page(res, 200, form());
    if (req.method !== 'POST') return page(res, 405, '<p>Not allowed.</p>');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return page(res, 403, '<p>Not here.</p>');
    if (session.status().done)
      return page(res, 409, '<p>The backup was already restored. Open the address Stride printed.</p>');
    const fields = await readForm(req);
    if (!fields) return page(res, 400, form('The form could not be read.'));
    const outcome = session.attempt({
      clinicianId: Number(fields.get('clinicianId')),
      pin: fields.get('pin') ?? '',
      confirm: fields.get('confirm') === 'yes',
    });
    if (!outcome.ok) return page(res, STATUS[outcome.refusal], form(outcome.message));
    const next = await o.onRecovered();
    res.writeHead(303, { Location: next, 'Cache-Control': 'no-store' });
    res.end();
  };

  const server: Server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch(() => page(res, 500, form('The backup could not be restored. Nothing was changed.')));
  });
  server.maxConnections = 16;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/recover/${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
