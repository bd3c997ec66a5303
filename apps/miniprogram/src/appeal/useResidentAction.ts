import { useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import type { BodyOf } from '@jyg12345/shared';
import { ticketsService, type ResidentActionBodies } from '../services/tickets';
import { uuidv4 } from '../utils/uuid';
import { actionErrorMessage } from './action-error';

/**
 * A resident's action page (补充材料, 评价) on the ticket and version in its route: one Idempotency-Key for the
 * page's intent, so a retry after a lost answer cannot act twice; on success a toast and back to the appeal.
 */
export function useResidentAction<A extends 'supplement' | 'rate'>(action: A, doneText: string) {
  const { params } = useRouter();
  const id = params.id ?? '';
  const version = Number(params.version);
  const key = useRef(uuidv4());
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  /** Busy from the start: `prepare` may wait (photos still uploading); its null or a sentence stops before sending. */
  const submit = async (prepare: () => Promise<BodyOf<A> | string | null>) => {
    if (submitting) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      const body = await prepare();
      if (body === null) return;
      if (typeof body === 'string') {
        setSubmitError(body);
        return;
      }
      // TypeScript does not narrow a spread over a generic body: this is VersionedBody<A>.
      await ticketsService.act(id, action, { version, ...body } as ResidentActionBodies[A], key.current);
      void Taro.showToast({ title: doneText, icon: 'success' });
      setTimeout(() => void Taro.navigateBack(), 800);
    } catch (e) {
      setSubmitError(actionErrorMessage(e).message);
    } finally {
      setSubmitting(false);
    }
  };

  return { id, submitting, submitError, submit };
}
