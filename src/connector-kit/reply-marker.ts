/**
 * The marker line a connector writes into a message it creates where the provider has neither an
 * idempotency key nor a property the hub can set (a comment, an email): short, visible to staff
 * as a reference, and found again by an exact match before any retry creates the message again.
 */
export function replyMarker(key: string): string {
  return `[portal ref ${key}]`;
}

/** The client's words without the marker line (what the portal shows back). */
export function withoutReplyMarker(text: string): string {
  return text.replace(/\n?\[portal ref [0-9a-f-]{36}\]\s*$/i, '').trimEnd();
}
