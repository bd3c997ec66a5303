import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import { ticketView } from '../../test/fixtures';
import { __reset } from '../../test/mocks/taro';
import { ApiError, ClientErrorCode } from '../services/api-error';
import { draftStore, emptyFields, submitDraft, toRequestBody, validateFields, type DraftFields, type SubmitDeps } from './appeal-draft';

const fields = (patch: Partial<DraftFields> = {}): DraftFields => ({
  ...emptyFields('complaint'),
  description: '小区门口路灯坏了一个多月',
  agreed: true,
  ...patch,
});

const ticket = ticketView;

function deps(create: SubmitDeps['create'], recent: SubmitDeps['recent'] = async () => []) {
  return { create: jest.fn(create), recent: jest.fn(recent) };
}

describe('draftStore', () => {
  beforeEach(() => __reset());

  it('gives a new draft one idempotency key and keeps it across saves', () => {
    const first = draftStore.save(fields());
    const second = draftStore.save(fields({ description: '改过的内容，路灯坏了' }));

    expect(first.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(draftStore.load()?.fields.description).toBe('改过的内容，路灯坏了');
  });

  it('starts a new key after the draft is cleared', () => {
    const first = draftStore.save(fields());
    draftStore.clear();

    expect(draftStore.load()).toBeNull();
    expect(draftStore.save(fields()).idempotencyKey).not.toBe(first.idempotencyKey);
  });
});

describe('validateFields', () => {
  it('explains each problem in Chinese next to its field', () => {
    expect(validateFields(fields({ description: '', agreed: false, contactPhone: '12345' }))).toEqual({
      description: '请填写诉求内容',
      contactPhone: '请填写正确的手机号或固定电话',
      agreed: '请阅读并同意《诉求提交须知》',
    });
    expect(validateFields(fields({ description: '太短' })).description).toBe('诉求内容至少 5 个字');
  });

  it('accepts mobile and landline numbers', () => {
    expect(validateFields(fields({ contactPhone: '13800138000' }))).toEqual({});
    expect(validateFields(fields({ contactPhone: '0937-6212345' }))).toEqual({});
  });
});

describe('toRequestBody', () => {
  it('sends a map point with the typed address, and contact only when given', () => {
    const body = toRequestBody(
      fields({ point: { lat: 39.77, lng: 98.29, coordSystem: 'gcj02' }, address: ' 雄关区新华南路 ', contactPhone: '13800138000', confidential: true }),
    );

    expect(body).toEqual({
      type: 'complaint',
      description: '小区门口路灯坏了一个多月',
      location: { lat: 39.77, lng: 98.29, coordSystem: 'gcj02', address: '雄关区新华南路' },
      contact: { phone: '13800138000' },
      confidential: true,
    });
  });

  it('keeps a typed address without a point in the description', () => {
    const body = toRequestBody(fields({ address: '镜铁区五一路' }));

    expect(body.location).toBeUndefined();
    expect(body.description).toBe('小区门口路灯坏了一个多月\n【地址】镜铁区五一路');
  });
});

describe('submitDraft', () => {
  beforeEach(() => __reset());

  it('clears the draft once the server confirms', async () => {
    const { idempotencyKey } = draftStore.save(fields());
    const d = deps(async () => ticket());

    await expect(submitDraft(d)).resolves.toEqual({ kind: 'created', ticket: ticket(), recovered: false });

    expect(d.create).toHaveBeenCalledWith(toRequestBody(fields()), idempotencyKey);
    expect(draftStore.load()).toBeNull();
  });

  it('keeps the draft after a lost answer and retries with the same key', async () => {
    const { idempotencyKey } = draftStore.save(fields());
    const d = deps(async () => {
      throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
    });

    const outcome = await submitDraft(d);

    expect(outcome).toMatchObject({ kind: 'failed', draftKept: true, error: { code: ClientErrorCode.NETWORK_ERROR } });
    expect(draftStore.load()).toMatchObject({ idempotencyKey, inFlight: toRequestBody(fields()) });

    d.create.mockImplementation(async () => ticket());
    await expect(submitDraft(d)).resolves.toMatchObject({ kind: 'created' });
    expect(d.create.mock.calls.map(([, key]) => key)).toEqual([idempotencyKey, idempotencyKey]);
    expect(draftStore.load()).toBeNull();
  });

  it('keeps the key after a server error (5xx): the ticket may exist', async () => {
    const { idempotencyKey } = draftStore.save(fields());

    await submitDraft(deps(async () => {
      throw new ApiError(ErrorCode.DATABASE_UNAVAILABLE, 503);
    }));

    expect(draftStore.load()?.idempotencyKey).toBe(idempotencyKey);
  });

  it('takes a new key after a definitive refusal of a first attempt', async () => {
    const { idempotencyKey } = draftStore.save(fields());

    const outcome = await submitDraft(deps(async () => {
      throw new ApiError(ErrorCode.VALIDATION_FAILED, 400, undefined, [{ path: 'description', message: 'x' }]);
    }));

    expect(outcome).toMatchObject({ kind: 'failed', error: { code: ErrorCode.VALIDATION_FAILED } });
    const draft = draftStore.load();
    expect(draft?.fields.description).toBe(fields().description);
    expect(draft?.idempotencyKey).not.toBe(idempotencyKey);
    expect(draft?.inFlight).toBeNull();
  });

  it('keeps the key after a refusal when an earlier attempt is still unaccounted for', async () => {
    const { idempotencyKey } = draftStore.save(fields());
    await submitDraft(deps(async () => {
      throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
    }));

    await submitDraft(deps(async () => {
      throw new ApiError(ErrorCode.RATE_LIMITED, 429);
    }));

    expect(draftStore.load()?.idempotencyKey).toBe(idempotencyKey);
  });

  it('recognises the ticket a lost attempt created when the edited retry reuses its key', async () => {
    draftStore.save(fields());
    await submitDraft(deps(async () => {
      throw new ApiError(ClientErrorCode.NETWORK_ERROR, 0);
    }));
    draftStore.save(fields({ description: '小区门口路灯坏了一个多月，晚上很黑' }));
    const filed = ticket({ id: 't-earlier' });

    const outcome = await submitDraft(
      deps(
        async () => {
          throw new ApiError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 422);
        },
        async () => [ticket({ id: 'other', description: '别的诉求' }), filed],
      ),
    );

    expect(outcome).toEqual({ kind: 'created', ticket: filed, recovered: true });
    expect(draftStore.load()).toBeNull();
  });

  it('takes a new key when a reused key matches none of the resident tickets', async () => {
    const { idempotencyKey } = draftStore.save(fields());

    const outcome = await submitDraft(deps(async () => {
      throw new ApiError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 422);
    }));

    expect(outcome.kind).toBe('failed');
    expect(draftStore.load()?.idempotencyKey).not.toBe(idempotencyKey);
  });
});
