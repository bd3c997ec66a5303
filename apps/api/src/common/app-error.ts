import { ERROR_MESSAGES_ZH, ErrorCode } from '@jyg12345/shared';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one exception type services throw; the filter turns it into `{ code, message }` with the mapped status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES_ZH[code]);
    this.name = 'AppError';
  }
}
