import { ApiError } from '../services/api-error';

/** A Chinese sentence for anything a page caught. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '系统错误，请稍后再试';
}
