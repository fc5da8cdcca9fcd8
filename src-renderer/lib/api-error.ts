/** The error every API call throws with the server's typed answer; free of browser globals, so state modules and their Node tests can use it. */
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
