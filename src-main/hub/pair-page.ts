/**
 * The page a browser station shows before it is paired: one field for the code. Served by the hub itself (it is not
 * part of the renderer build), under the same CSP as every page, so its script and style are separate files.
 */
export const PAIR_PAGE_PATHS = ['/pair.html', '/pair.js', '/pair.css'] as const;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pair this device with Stride</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/pair.css">
<script src="/pair.js" defer></script>
</head>
<body>
<main>
<h1>Pair this device with Stride</h1>
<p>An administrator chooses <strong>Add a device</strong> on a staff screen and reads you a code. Enter it here.</p>
<form id="pair" novalidate>
<label for="code">Pairing code</label>
<input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false"
  maxlength="12" inputmode="text" placeholder="ABCD-EFGH" required>
<button type="submit">Pair</button>
</form>
<p id="message" role="alert" aria-live="assertive"></p>
</main>
</body>
</html>
`;

// Plain script (no build step): posts the code and, once the hub has set the cookie, opens the device's page.
const JS = `"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("pair");
  var input = document.getElementById("code");
  var message = document.getElementById("message");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    message.textContent = "Pairing…";
    var body = JSON.stringify({ code: input.value });
    var request = { method: "POST", headers: { "Content-Type": "application/json" }, body: body };
    fetch("/api/pair", request)
      .then(function (res) { return res.json(); })
      .then(function (body) {
        if (body.ok) { location.replace(body.value.next); return; }
        message.textContent = body.error.message;
        input.select();
      })
      .catch(function () {
        message.textContent = "The hub is not reachable right now. Check the network and try again.";
      });
  });
});
`;

const CSS = `body {
  font: 1.25rem/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh;
  background: #f6f7f9; color: #1b1f24;
}
main { max-width: 32rem; padding: 2rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input {
  font: inherit; font-size: 2rem; letter-spacing: .15em; text-transform: uppercase; width: 100%; box-sizing: border-box;
  padding: .5rem; margin: .5rem 0 1rem;
}
button { font: inherit; padding: .75rem 2rem; min-height: 3rem; }
#message { min-height: 3em; color: #a4000f; }
`;

export const PAIR_PAGE: Record<(typeof PAIR_PAGE_PATHS)[number], { type: string; body: string }> = {
  '/pair.html': { type: 'text/html; charset=utf-8', body: HTML },
  '/pair.js': { type: 'text/javascript; charset=utf-8', body: JS },
  '/pair.css': { type: 'text/css; charset=utf-8', body: CSS },
};
