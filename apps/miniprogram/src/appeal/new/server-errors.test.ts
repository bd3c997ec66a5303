import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '@jyg12345/shared';
import { ApiError } from '../../services/api-error';
import { fieldErrorsFrom, submitMessageFrom } from './server-errors';

const refused = (details: { path: string; message: string }[]) => new ApiError(ErrorCode.VALIDATION_FAILED, 400, undefined, details);

describe('the server refusing an appeal, as the resident reads it', () => {
  it("puts the server's Chinese reason next to the field, after the field's name", () => {
    const errors = fieldErrorsFrom(refused([{ path: 'description', message: '至少 5 个字符' }]));
    expect(errors).toEqual({ description: '诉求内容至少 5 个字符' });
  });

  it('keeps its own words where the server has none in Chinese, and for the phone', () => {
    const errors = fieldErrorsFrom(
      refused([
        { path: 'location.address', message: 'must be shorter' },
        { path: 'contact.phone', message: '格式不正确' },
      ]),
    );
    expect(errors).toEqual({ address: '地址不符合要求，请修改', contactPhone: '请填写正确的手机号或固定电话' });
  });

  it('says the reason beside the submit button when no field can carry it', () => {
    const error = refused([{ path: 'type', message: '必须是以下之一：投诉、求助、咨询、建议、表扬' }]);
    const errors = fieldErrorsFrom(error);
    expect(errors).toEqual({});
    expect(submitMessageFrom(error, errors)).toBe('提交的内容有误，请检查后重试（必须是以下之一：投诉、求助、咨询、建议、表扬）');
  });

  it('keeps the short message when the fields show the reasons', () => {
    const error = refused([{ path: 'description', message: '至少 5 个字符' }]);
    expect(submitMessageFrom(error, fieldErrorsFrom(error))).toBe('提交的内容有误，请检查后重试');
  });
});
