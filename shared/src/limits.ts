export const LIMITS = {
  descriptionMin: 5,
  descriptionMax: 2000,
  titleMax: 100,
  addressMax: 200,
  contactNameMax: 50,
  noteMax: 1000,
  photosPerTicket: 9,
  /** The API's default ATTACHMENT_MAX_BYTES: clients refuse larger photos before uploading them. */
  photoMaxBytes: 10 * 1024 * 1024,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  usernameMax: 64,
  passwordMin: 8,
  passwordMax: 128,
  idempotencyKeyMax: 128,
} as const;

