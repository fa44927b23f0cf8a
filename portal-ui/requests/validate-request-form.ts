import { plainText } from './plain-text.js';

export const SUBJECT_MAX = 200;
export const DESCRIPTION_MAX = 5_000;

/** The categories a client picks from; each connector maps them to its own (HubSpot hs_ticket_category, Salesforce Case Type). */
export const REQUEST_CATEGORIES = [
  { value: 'question', label: 'A question' },
  { value: 'problem', label: 'Something is not working' },
  { value: 'billing', label: 'Billing' },
  { value: 'feature', label: 'A new request for work' },
] as const;

/** Keys minted when the form is shown: a UUID, so a stored key cannot be guessed or chosen to collide. */
const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface RequestFormValues {
  subject: string;
  description: string;
  category: string;
  key: string;
}

export type RequestFormCheck =
  | { ok: true; values: Omit<RequestFormValues, 'category'> & { category: string | null } }
  | { ok: false; values: RequestFormValues; errors: Partial<Record<'subject' | 'description' | 'category' | 'form', string>> };

export type ReplyFormCheck = { ok: true; body: string; key: string } | { ok: false; body: string; error: string; expired: boolean };

/** Checks a submitted reply: its text required and within the limit, a well-formed key. */
export function validateReplyForm(body: Record<string, unknown>): ReplyFormCheck {
  const text = plainText(body.body);
  const key = typeof body.key === 'string' ? body.key.toLowerCase() : '';
  if (!KEY_PATTERN.test(key)) return { ok: false, body: text, error: 'This form has expired. Please send it again.', expired: true };
  if (text === '') return { ok: false, body: text, error: 'Write your reply first.', expired: false };
  if (text.length > DESCRIPTION_MAX) return { ok: false, body: text, error: `Keep your reply to ${DESCRIPTION_MAX} characters (it has ${text.length}).`, expired: false };
  return { ok: true, body: text, key };
}

/** Checks a submitted request: both fields required, within their limits, a known category (or none), a well-formed key. */
export function validateRequestForm(body: Record<string, unknown>): RequestFormCheck {
  const values: RequestFormValues = {
    subject: plainText(body.subject).replace(/\s*\n\s*/g, ' '),
    description: plainText(body.description),
    category: typeof body.category === 'string' ? body.category : '',
    key: typeof body.key === 'string' ? body.key.toLowerCase() : '',
  };
  const errors: Partial<Record<'subject' | 'description' | 'category' | 'form', string>> = {};
  if (values.subject === '') errors.subject = 'Give your request a subject.';
  else if (values.subject.length > SUBJECT_MAX) errors.subject = `Keep the subject to ${SUBJECT_MAX} characters (it has ${values.subject.length}).`;
  if (values.description === '') errors.description = 'Describe what you need.';
  else if (values.description.length > DESCRIPTION_MAX) errors.description = `Keep the description to ${DESCRIPTION_MAX} characters (it has ${values.description.length}).`;
  if (values.category !== '' && !REQUEST_CATEGORIES.some((c) => c.value === values.category)) errors.category = 'Choose one of the categories listed.';
  if (!KEY_PATTERN.test(values.key)) errors.form = 'This form has expired. Please send it again.';
  if (Object.keys(errors).length > 0) return { ok: false, values, errors };
  return { ok: true, values: { ...values, category: values.category === '' ? null : values.category } };
}
