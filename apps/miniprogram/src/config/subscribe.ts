/**
 * Subscribe-message template ids for progress notices (受理/答复/办结), set at build time through the
 * SUBSCRIBE_TEMPLATE_IDS env var (comma-separated). Empty: the success page does not offer notices.
 */
export const SUBSCRIBE_TEMPLATE_IDS: readonly string[] =
  typeof __SUBSCRIBE_TEMPLATE_IDS__ === 'string' ? __SUBSCRIBE_TEMPLATE_IDS__.split(',').filter(Boolean).slice(0, 3) : [];
