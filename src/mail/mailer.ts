/** Where outgoing mail goes: SMTP when SMTP_URL is set, otherwise .eml files in the data directory's outbox/. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Returns where the message went (an SMTP message id or a file path), for the log. */
  send(message: MailMessage): Promise<string>;
  close(): void;
}
