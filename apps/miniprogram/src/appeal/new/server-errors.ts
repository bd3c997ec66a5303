import type { ApiError } from '../../services/api-error';
import type { FieldErrors } from '../../stores/appeal-draft';

const FIELD_OF_PATH: Record<string, keyof FieldErrors> = {
  description: 'description',
  title: 'description',
  'location.address': 'address',
  location: 'address',
  'contact.phone': 'contactPhone',
  'contact.name': 'contactName',
  attachmentIds: 'photos',
};

/** Said when the server's reason cannot be shown as it is (not Chinese), or when ours says it better. */
const MESSAGE_OF_FIELD: Record<keyof FieldErrors, string> = {
  description: '诉求内容不符合要求，请修改',
  address: '地址不符合要求，请修改',
  contactPhone: '请填写正确的手机号或固定电话',
  contactName: '姓名不符合要求，请修改',
  agreed: '请阅读并同意《诉求提交须知》',
  photos: '照片已失效，请删除后重新添加',
};

/** Fields whose server reason ("至少 5 个字符") reads well after the field's name. */
const LABEL_OF_FIELD: Partial<Record<keyof FieldErrors, string>> = {
  description: '诉求内容',
  address: '详细地址',
  contactName: '姓名',
};

const CHINESE = /[\u4e00-\u9fff]/;

/** Puts the server's field-level refusals next to the fields, in the server's words where they are Chinese. */
export function fieldErrorsFrom(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of error.details ?? []) {
    const field = FIELD_OF_PATH[detail.path] ?? FIELD_OF_PATH[detail.path.split('.')[0] ?? ''];
    if (!field || errors[field]) continue;
    const label = LABEL_OF_FIELD[field];
    errors[field] = label && CHINESE.test(detail.message) ? `${label}${detail.message}` : MESSAGE_OF_FIELD[field];
  }
  return errors;
}

/**
 * The line next to the submit button. A refusal the form cannot pin on a field says the server's reason, so the
 * resident is not left with "提交的内容有误" and nothing marked.
 */
export function submitMessageFrom(error: ApiError, fieldErrors: FieldErrors): string {
  if (Object.keys(fieldErrors).length > 0) return error.message;
  const reason = (error.details ?? []).find((d) => CHINESE.test(d.message));
  return reason ? `${error.message}（${reason.message}）` : error.message;
}
