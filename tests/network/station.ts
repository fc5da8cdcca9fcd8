/**
 * Runs inside a station namespace (see hub.test.ts): talks to the hub over the test network and prints one JSON line.
 * Input comes in STRIDE_STATION_INPUT so no secret is on a command line.
 */
import { z } from 'zod';
import { pinnedTlsOptions } from '../../src-main/station/pinning';
import { cookieFrom, hubRequest } from '../support/hub-client';
import { reportAndExit } from './child-result';

const input = z
  .object({
    mode: z.enum(['pair-and-submit', 'probe']),
    host: z.string(),
    port: z.number(),
    ca: z.array(z.string()),
    pin: z.string(),
    code: z.string().optional(),
    kioskToken: z.string().optional(),
    submission: z.unknown().optional(),
  })
  .parse(JSON.parse(process.env.STRIDE_STATION_INPUT ?? '{}'));

const tls = pinnedTlsOptions(input.ca, input.pin);
const origin = `https://${input.host}:${input.port}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  hubRequest({
    host: input.host,
    port: input.port,
    ...tls,
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', Origin: origin, ...headers },
    body: JSON.stringify(body),
    timeoutMs: 10_000,
  });

async function pairAndSubmit() {
  const front = await hubRequest({ host: input.host, port: input.port, ...tls, path: '/', timeoutMs: 10_000 });
  const withToken = await post('/api/call/intake.form', {}, { Authorization: `Bearer ${input.kioskToken ?? ''}` });
  const paired = await post('/api/pair', { code: input.code });
  const cookie = cookieFrom(paired);
  const form = await post('/api/call/intake.form', {}, { Cookie: cookie });
  const submit = await post('/api/call/intake.submit', input.submission, { Cookie: cookie });
  // The same submission again, as a station does when a reply is lost: same id, same receipt, no second session.
  const retry = await post('/api/call/intake.submit', input.submission, { Cookie: cookie });
  const queue = await post('/api/call/queue.list', {}, { Cookie: cookie });
  // On the hub's real address: its own pages load under the CSP; a page another name brings here (DNS rebinding:
  // that name resolved to the hub) or a call from another site is refused, credential or not.
  const get = (path: string, headers: Record<string, string> = {}) =>
    hubRequest({ host: input.host, port: input.port, ...tls, path, headers, timeoutMs: 10_000 });
  const page = await get('/kiosk.html', { Cookie: cookie });
  const rebound = `rebound.example:${input.port}`;
  const reboundPage = await get('/kiosk.html', { Cookie: cookie, Host: rebound });
  const reboundCall = await post(
    '/api/call/intake.form',
    {},
    {
      Cookie: cookie,
      Host: rebound,
      Origin: `https://${rebound}`,
    },
  );
  const foreignOrigin = await post('/api/call/intake.form', {}, { Cookie: cookie, Origin: 'https://evil.example' });
  return {
    page: {
      status: page.status,
      csp: page.headers['content-security-policy'] ?? '',
      hsts: page.headers['strict-transport-security'] ?? '',
    },
    refused: [reboundPage.status, reboundCall.status, foreignOrigin.status],
    frontDoor: front.headers.location ?? null,
    tokenStatus: withToken.status,
    pairStatus: paired.status,
    setCookie: paired.headers['set-cookie']?.[0] ?? '',
    form: form.json(),
    submit: submit.json(),
    retry: retry.json(),
    queue: queue.json(),
  };
}

async function probe() {
  const outcome = await hubRequest({
    host: input.host,
    port: input.port,
    ...tls,
    path: '/ca.crt',
    timeoutMs: 10_000,
  }).then(
    (r) => ({ connected: true as const, status: r.status }),
    (e: unknown) => ({
      connected: false as const,
      error: e instanceof Error ? e.name : 'unknown',
      code: (e as { code?: string }).code ?? null,
    }),
  );
  return outcome;
}

const run = input.mode === 'probe' ? probe : pairAndSubmit;
reportAndExit(run());
