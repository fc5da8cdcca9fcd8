/** Typed errors every transport returns instead of throwing: the renderer always gets something it can show. */
export type ApiErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'forbidden'
  | 'locked'
  | 'lockout'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

export interface FieldError {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  fields?: FieldError[];
  /** For `lockout`: when another PIN attempt will be accepted (ISO-8601 UTC). */
  retryAt?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly retryAt?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.fields) body.fields = this.fields;
    if (this.retryAt) body.retryAt = this.retryAt;
    return body;
  }
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
