/** Where outgoing mail goes: SMTP when SMTP_URL is set, otherwise .eml files in the data directory's outbox/. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

export interface Mailer {
  /** Returns where the message went (an SMTP message id or a file path), for the log. */
  send(message: MailMessage): Promise<string>;
  close(): void;
}
