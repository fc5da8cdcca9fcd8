/**
 * The page a browser station shows before it is paired: one field for the code, in the kiosk's languages (a tablet
 * for the waiting room is often set up by whoever is at the front desk). Served by the hub itself (it is not part of
 * the renderer build), under the same CSP as every page, so its script and style are separate files; the text is
 * rendered here and the script reads its messages from data attributes.
 */
import type { KioskLanguage } from '../api/types';
import { escapeHtml } from '../web/html';

/** The page's words: `kiosk.pair.<key>` in each locale file. */
type PairKey =
  | 'title'
  | 'intro'
  | 'label'
  | 'button'
  | 'pairing'
  | 'wrong'
  | 'expired'
  | 'used'
  | 'limited'
  | 'invalid'
  | 'unreachable';

function text(language: KioskLanguage, key: PairKey): string {
  const message = language.messages['kiosk'];
  const value = message && typeof message === 'object' ? (message as Record<string, unknown>)[`pair.${key}`] : null;
  return typeof value === 'string' ? value : key;
}

/**
 * Which offered language to show: the one asked for in `?lang=`, else the browser's first preference the clinic
 * offers (by primary subtag: `fr-CA` finds `fr`), else the clinic's first language.
 */
export function choosePairLanguage(
  offered: readonly KioskLanguage[],
  requested: string | null,
  acceptLanguage: string | undefined,
): KioskLanguage | undefined {
  const byCode = (code: string) => offered.find((l) => l.code === code.toLowerCase());
  if (requested) {
    const asked = byCode(requested);
    if (asked) return asked;
  }
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim().split('-')[0] ?? '')
    .filter(Boolean);
  for (const code of preferred) {
    const found = byCode(code);
    if (found) return found;
  }
  return offered[0];
}

export function pairPageHtml(offered: readonly KioskLanguage[], language: KioskLanguage): string {
  const t = (key: PairKey) => escapeHtml(text(language, key));
  const messages = (['pairing', 'wrong', 'expired', 'used', 'limited', 'invalid', 'unreachable'] as const)
    .map((key) => ` data-${key}="${t(key)}"`)
    .join('');
  const switcher =
    offered.length > 1
      ? `<nav aria-label="Language">${offered
          .map((l) => {
            const attributes = `lang="${escapeHtml(l.intl)}"`;
            return l.code === language.code
              ? `<span aria-current="true" ${attributes}>${escapeHtml(l.name)}</span>`
              : `<a href="/pair.html?lang=${encodeURIComponent(l.code)}" ${attributes}>${escapeHtml(l.name)}</a>`;
          })
          .join('')}</nav>`
      : '';
  return `<!doctype html>
<html lang="${escapeHtml(language.intl)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/pair.css">
<script src="/pair.js" defer></script>
</head>
<body>
<main>
${switcher}
<h1>${t('title')}</h1>
<p>${t('intro')}</p>
<form id="pair" novalidate${messages}>
<label for="code">${t('label')}</label>
<input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false"
  maxlength="12" inputmode="text" placeholder="ABCD-EFGH" required>
<button type="submit">${t('button')}</button>
</form>
<p id="message" role="alert" aria-live="assertive"></p>
</main>
</body>
</html>
`;
}

// Plain script (no build step): posts the code and, once the hub has set the cookie, opens the device's page. A code
// in the address's fragment (the QR code on the admin's Devices screen) is filled in and removed from the address.
const JS = `"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("pair");
  var input = document.getElementById("code");
  var message = document.getElementById("message");
  var fromLink = new URLSearchParams(location.hash.slice(1)).get("code");
  if (fromLink) {
    input.value = fromLink;
    history.replaceState(null, "", location.pathname + location.search);
  }
  var words = form.dataset;
  var reasons = { wrong: words.wrong, expired: words.expired, used: words.used, rate_limited: words.limited,
    invalid_input: words.invalid };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    message.textContent = words.pairing;
    var body = JSON.stringify({ code: input.value });
    var request = { method: "POST", headers: { "Content-Type": "application/json" }, body: body };
    fetch("/api/pair", request)
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (body.ok) { location.replace(body.value.next); return; }
        message.textContent = reasons[body.error.reason] || body.error.message;
        input.select();
      })
      .catch(function () {
        message.textContent = words.unreachable;
      });
  });
});
`;

const CSS = `body {
  font: 1.25rem/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh;
  background: #f6f7f9; color: #1b1f24;
}
main { max-width: 32rem; padding: 2rem; }
nav { display: flex; gap: .5rem; flex-wrap: wrap; margin-bottom: 1rem; }
nav a, nav span {
  display: inline-block; min-height: 3rem; min-width: 3rem; padding: .6rem 1rem; box-sizing: border-box;
  border: 2px solid #1b4f8a; border-radius: 8px; color: #1b4f8a; text-decoration: none;
}
nav span { background: #1b4f8a; color: #fff; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input {
  font: inherit; font-size: 2rem; letter-spacing: .15em; text-transform: uppercase; width: 100%; box-sizing: border-box;
  padding: .5rem; margin: .5rem 0 1rem;
}
button { font: inherit; padding: .75rem 2rem; min-height: 3rem; }
#message { min-height: 3em; color: #a4000f; }
`;

/** The script and style; the page itself is rendered per request (pairPageHtml). */
export const PAIR_ASSETS: Record<'/pair.js' | '/pair.css', { type: string; body: string }> = {
  '/pair.js': { type: 'text/javascript; charset=utf-8', body: JS },
  '/pair.css': { type: 'text/css; charset=utf-8', body: CSS },
};
