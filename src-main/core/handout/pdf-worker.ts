// The handout worker thread: renders each handout PDF it is sent. The main thread talks to it through
// pdf-worker-client.ts, which never imports pdfkit or the layout, so they load here and not with the core.
import { isMainThread, parentPort } from 'node:worker_threads';
import { renderHandoutPdf } from './pdf';
import type { Request, Response } from './pdf-worker-client';
if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: Request) => {
    renderHandoutPdf(req.input).then(
      (buf) => {
        const pdf = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
        port.postMessage({ id: req.id, pdf } satisfies Response);
      },
      (e: unknown) =>
        port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies Response),
    );
  });
}
