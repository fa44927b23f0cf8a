import { html, type SafeHtml } from './html.js';

export interface FieldInput {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  error?: string | null;
  hint?: string;
  required?: boolean;
  /** Extra attributes such as inputmode for codes. */
  inputmode?: 'numeric' | 'text';
  maxlength?: number;
  autofocus?: boolean;
}

/** A labelled input with its hint and error tied to it (aria-describedby), as the team form does. */
export function field(input: FieldInput): SafeHtml {
  const describedBy = [input.error ? `${input.id}-error` : null, input.hint ? `${input.id}-hint` : null].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for="${input.id}">${input.label}</label>
    ${input.error ? html`<p class="field-error" id="${input.id}-error">${input.error}</p>` : ''}
    <input id="${input.id}" name="${input.name}" type="${input.type}" autocomplete="${input.autocomplete}"${input.required === false ? '' : html` required`}${input.maxlength ? html` maxlength="${input.maxlength}"` : ''}${input.inputmode ? html` inputmode="${input.inputmode}"` : ''}${input.autofocus ? html` autofocus` : ''}${input.value !== undefined && input.type !== 'password' ? html` value="${input.value}"` : ''}${input.error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
    ${input.hint ? html`<p class="hint" id="${input.id}-hint">${input.hint}</p>` : ''}
  </div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** How long until a throttled person may try again, in words. */
export function minutesFromNow(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
