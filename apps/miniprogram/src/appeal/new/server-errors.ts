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

const MESSAGE_OF_FIELD: Record<keyof FieldErrors, string> = {
  description: '诉求内容不符合要求，请修改',
  address: '地址不符合要求，请修改',
  contactPhone: '请填写正确的手机号或固定电话',
  contactName: '姓名不符合要求，请修改',
  agreed: '请阅读并同意《诉求提交须知》',
  photos: '照片已失效，请删除后重新添加',
};

/** Puts the server's field-level refusals next to the fields (its texts are English; ours are not). */
export function fieldErrorsFrom(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of error.details ?? []) {
    const field = FIELD_OF_PATH[detail.path] ?? FIELD_OF_PATH[detail.path.split('.')[0] ?? ''];
    if (field) errors[field] = MESSAGE_OF_FIELD[field];
  }
  return errors;
}
