export const LIMITS = {
  descriptionMin: 5,
  descriptionMax: 2000,
  titleMax: 100,
  addressMax: 200,
  contactNameMax: 50,
  noteMax: 1000,
  photosPerTicket: 9,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  usernameMax: 64,
  passwordMin: 8,
  passwordMax: 128,
  idempotencyKeyMax: 128,
} as const;

/** A mobile number, or a landline with its area code (0937-6221234): what the hotline accepts as a contact. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
