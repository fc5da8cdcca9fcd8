/**
 * A refusal from Stride, as the renderer sees it. Its own module (no DOM) so state modules tested under Node can use
 * it.
 */
import type { ApiErrorBody } from '../../src-main/api/errors';

export class ApiCallError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiCallError';
  }
  get code() {
    return this.body.code;
  }
}
