import nodemailer from 'nodemailer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mailer } from './mailer.js';

export function createMailer(options: { smtpUrl: string | undefined; outboxDir: string }): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl) : createFileMailer(options.outboxDir);
}

function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail({ ...message, html: message.html ?? undefined });
      return `smtp:${info.messageId}`;
    },
    close: () => transport.close(),
  };
}

/** Builds the real RFC 5322 message with nodemailer and writes it where a local user can open it. */
function createFileMailer(outboxDir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ ...message, html: message.html ?? undefined });
      mkdirSync(outboxDir, { recursive: true });
      const safeTo = message.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
      const file = join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeTo}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.eml`);
      writeFileSync(file, info.message as Buffer);
      return file;
    },
    close: () => transport.close(),
  };
}
