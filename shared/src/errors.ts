/**
 * Every error the API returns carries one of these codes; clients branch on the code, never on text.
 * The API maps each code to an HTTP status in one exhaustive switch (apps/api/src/common/error-status.ts).
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNKNOWN_FIELD = 'UNKNOWN_FIELD',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  FORBIDDEN = 'FORBIDDEN',
  DEV_LOGIN_DISABLED = 'DEV_LOGIN_DISABLED',
  WECHAT_CODE_INVALID = 'WECHAT_CODE_INVALID',
  WECHAT_RATE_LIMITED = 'WECHAT_RATE_LIMITED',
  WECHAT_UNAVAILABLE = 'WECHAT_UNAVAILABLE',
  TICKET_NOT_FOUND = 'TICKET_NOT_FOUND',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  STAFF_NOT_FOUND = 'STAFF_NOT_FOUND',
  CATEGORY_NOT_FOUND = 'CATEGORY_NOT_FOUND',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  UNIT_CODE_TAKEN = 'UNIT_CODE_TAKEN',
  CATEGORY_CODE_TAKEN = 'CATEGORY_CODE_TAKEN',
  UNIT_HAS_CHILDREN = 'UNIT_HAS_CHILDREN',
  IDEMPOTENCY_KEY_INVALID = 'IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CURSOR_INVALID = 'CURSOR_INVALID',
  RATE_LIMITED = 'RATE_LIMITED',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  KNOWLEDGE_NOT_FOUND = 'KNOWLEDGE_NOT_FOUND',
  BOUNDARY_NOT_FOUND = 'BOUNDARY_NOT_FOUND',
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  ATTACHMENT_TYPE_UNSUPPORTED = 'ATTACHMENT_TYPE_UNSUPPORTED',
  ATTACHMENT_CORRUPT = 'ATTACHMENT_CORRUPT',
  ATTACHMENT_TOO_MANY_PIXELS = 'ATTACHMENT_TOO_MANY_PIXELS',
  PROVINCE_NOT_CONFIGURED = 'PROVINCE_NOT_CONFIGURED',
  PROVINCE_SIGNATURE_INVALID = 'PROVINCE_SIGNATURE_INVALID',
  PROVINCE_TIMESTAMP_STALE = 'PROVINCE_TIMESTAMP_STALE',
  // Open311 GeoReport v2 (apps/api/src/open311)
  OPEN311_KEY_NOT_FOUND = 'OPEN311_KEY_NOT_FOUND',
  // assessment (考—评)
  BULLETIN_NOT_FOUND = 'BULLETIN_NOT_FOUND',
  BULLETIN_ALREADY_PUBLISHED = 'BULLETIN_ALREADY_PUBLISHED',
  // proactive governance (未诉先办: 每月一题)
  TOPIC_NOT_FOUND = 'TOPIC_NOT_FOUND',
  TOPIC_STATE_INVALID = 'TOPIC_STATE_INVALID',
  // security (docs/security.md)
  SESSION_REVOKED = 'SESSION_REVOKED',
  RESIDENT_NOT_FOUND = 'RESIDENT_NOT_FOUND',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  URI_TOO_LONG = 'URI_TOO_LONG',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
}

/** Default zh-CN messages a client may show when it has nothing more specific to say. */
export const ERROR_MESSAGES_ZH: Record<ErrorCode, string> = {
  [ErrorCode.VALIDATION_FAILED]: '提交的内容有误，请检查后重试',
  [ErrorCode.UNKNOWN_FIELD]: '提交了不支持的字段',
  [ErrorCode.PAYLOAD_TOO_LARGE]: '提交的内容过大',
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: '不支持的内容格式',
  [ErrorCode.ROUTE_NOT_FOUND]: '接口不存在',
  [ErrorCode.UNAUTHENTICATED]: '请先登录',
  [ErrorCode.TOKEN_INVALID]: '登录状态无效，请重新登录',
  [ErrorCode.TOKEN_EXPIRED]: '登录已过期，请重新登录',
  [ErrorCode.INVALID_CREDENTIALS]: '用户名或密码错误',
  [ErrorCode.ACCOUNT_DISABLED]: '账号已停用',
  [ErrorCode.FORBIDDEN]: '没有权限进行此操作',
  [ErrorCode.DEV_LOGIN_DISABLED]: '演示登录未开启',
  [ErrorCode.WECHAT_CODE_INVALID]: '微信登录凭证无效，请重试',
  [ErrorCode.WECHAT_RATE_LIMITED]: '微信登录过于频繁，请稍后再试',
  [ErrorCode.WECHAT_UNAVAILABLE]: '微信服务暂时不可用，请稍后再试',
  [ErrorCode.TICKET_NOT_FOUND]: '诉求不存在',
  [ErrorCode.UNIT_NOT_FOUND]: '单位不存在',
  [ErrorCode.STAFF_NOT_FOUND]: '工作人员不存在',
  [ErrorCode.CATEGORY_NOT_FOUND]: '诉求分类不存在',
  [ErrorCode.USERNAME_TAKEN]: '用户名已被使用',
  [ErrorCode.UNIT_CODE_TAKEN]: '单位编码已被使用',
  [ErrorCode.CATEGORY_CODE_TAKEN]: '分类编码已被使用',
  [ErrorCode.UNIT_HAS_CHILDREN]: '该单位下还有下级单位或人员',
  [ErrorCode.IDEMPOTENCY_KEY_INVALID]: '请求标识格式有误',
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: '请求标识已用于其他内容',
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: '相同的请求正在处理中，请稍后',
  [ErrorCode.VERSION_CONFLICT]: '诉求已被他人处理，请刷新后重试',
  [ErrorCode.INVALID_TRANSITION]: '当前状态不能进行此操作',
  [ErrorCode.CURSOR_INVALID]: '分页参数有误',
  [ErrorCode.RATE_LIMITED]: '操作过于频繁，请稍后再试',
  [ErrorCode.DATABASE_UNAVAILABLE]: '系统繁忙，请稍后再试',
  [ErrorCode.INTERNAL_ERROR]: '系统错误，请稍后再试',
  [ErrorCode.KNOWLEDGE_NOT_FOUND]: '知识库条目不存在',
  [ErrorCode.BOUNDARY_NOT_FOUND]: '区域边界不存在',
  [ErrorCode.ATTACHMENT_NOT_FOUND]: '图片不存在',
  [ErrorCode.ATTACHMENT_TYPE_UNSUPPORTED]: '仅支持 JPEG、PNG、WebP 格式的图片',
  [ErrorCode.ATTACHMENT_CORRUPT]: '图片已损坏或不完整，请重新选择',
  [ErrorCode.ATTACHMENT_TOO_MANY_PIXELS]: '图片尺寸过大',
  [ErrorCode.PROVINCE_NOT_CONFIGURED]: '省级平台对接未开启',
  [ErrorCode.PROVINCE_SIGNATURE_INVALID]: '省级平台签名无效',
  [ErrorCode.PROVINCE_TIMESTAMP_STALE]: '省级平台请求时间戳已过期',
  [ErrorCode.OPEN311_KEY_NOT_FOUND]: 'Open311 密钥不存在',
  // assessment (考—评)
  [ErrorCode.BULLETIN_NOT_FOUND]: '通报不存在',
  [ErrorCode.BULLETIN_ALREADY_PUBLISHED]: '该期通报已发布，如需更正请发布更正版本',
  // proactive governance (未诉先办: 每月一题)
  [ErrorCode.TOPIC_NOT_FOUND]: '专题不存在',
  [ErrorCode.TOPIC_STATE_INVALID]: '专题当前阶段不能进行此操作',
  // security
  [ErrorCode.SESSION_REVOKED]: '登录状态已失效，请重新登录',
  [ErrorCode.RESIDENT_NOT_FOUND]: '市民账号不存在',
  [ErrorCode.REQUEST_TIMEOUT]: '请求超时，请重试',
  [ErrorCode.URI_TOO_LONG]: '请求地址过长',
  [ErrorCode.HEADERS_TOO_LARGE]: '请求头过大',
};

/** The body of every error response. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level details for VALIDATION_FAILED / UNKNOWN_FIELD. */
  details?: { path: string; message: string }[];
  requestId?: string;
}
