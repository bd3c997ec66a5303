import { Alert } from 'antd';
import { isApiError, messageOf } from '../services/http';

/** A failed save's message, when no field took it (field errors are shown next to their field). */
export function ErrorText({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (!error) return null;
  if (isApiError(error) && fields.some((f) => error.fieldMessage(f))) return null;
  return <Alert type="error" showIcon message={messageOf(error)} style={{ marginBottom: 12 }} />;
}

/** Puts the API's `details[].path` messages next to the form's fields. */
export function apiFieldErrors<const K extends string>(error: unknown, fields: K[]): { name: K; errors: string[] }[] {
  if (!isApiError(error)) return [];
  return fields.map((name) => ({ name, errors: error.fieldMessage(name) ? [error.fieldMessage(name)!] : [] }));
}
