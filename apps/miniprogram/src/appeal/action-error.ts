import { ErrorCode } from '@jyg12345/shared';
import { ApiError } from '../services/api-error';
import { errorMessage } from '../components/ErrorText';

/** A sentence for a failed resident action; a stale version or state means someone acted first. */
export function actionErrorMessage(error: unknown): { message: string; stale: boolean } {
  if (error instanceof ApiError && (error.code === ErrorCode.VERSION_CONFLICT || error.code === ErrorCode.INVALID_TRANSITION)) {
    return { message: '诉求状态已更新，请返回查看最新进度', stale: true };
  }
  return { message: errorMessage(error), stale: false };
}
