import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { createLogger } from '../logging/logger.js';
import { createMailer } from './create-mailer.js';
import { deliverPendingMail } from './deliver-pending-mail.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';
import { sqlValue } from '../../tests/support/sql.js';

const RECIPIENT = 'ann.recipient@northwind.example';

/** A minimal SMTP server (RFC 5321) that refuses every recipient, quoting the address as real servers do. */
async function startRefusingSmtp(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.write('220 smtp.test ESMTP\r\n');
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 smtp.test\r\n');
        else if (verb === 'MAIL') socket.write('250 2.1.0 OK\r\n');
        else if (verb === 'RCPT') socket.write(`550 5.1.1 <${/<([^>]+)>/.exec(line)?.[1] ?? ''}>: Recipient address rejected\r\n`);
        else if (verb === 'QUIT') socket.end('221 2.0.0 Bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return { server, port };
}

describe('mail log lines carry no recipient address', () => {
  let app: TestApp;
  const lines: string[] = [];
  const logger = createLogger('debug', {}, (line) => lines.push(line));
  beforeEach(async () => {
    lines.length = 0;
    app = await createTestApp();
    await insertOutboxMessage(app.store.db, { workspaceId: app.workspaceId, kind: 'invitation', to: RECIPIENT, subject: 'Welcome', text: 'Hello' });
  });
  afterEach(() => app.dispose());

  it('a sent message is logged by its outbox id', async () => {
    const mailer = createMailer({ smtpUrl: undefined, outboxDir: join(app.dataDir, 'outbox') });
    expect(await deliverPendingMail(app.store.db, mailer, app.config.mailFrom, logger)).toBe(1);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([expect.objectContaining({ msg: 'mail sent', messageId: 1, deliveredTo: 'outbox file' })]);
    expect(lines.join('\n')).not.toMatch(/ann\.recipient|northwind/);
    // The outbox row still says where it went, for whoever may read the database.
    expect(String(await sqlValue<string>(app, 'SELECT delivered_to FROM outbox_messages'))).toContain('ann.recipient');
  });

  it('an SMTP refusal quoting the address is logged without it', async () => {
    const smtp = await startRefusingSmtp();
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`, outboxDir: join(app.dataDir, 'outbox') });
    try {
      expect(await deliverPendingMail(app.store.db, mailer, app.config.mailFrom, logger)).toBe(0);
    } finally {
      mailer.close();
      await new Promise((resolve) => smtp.server.close(resolve));
    }
    const failed = lines.map((l) => JSON.parse(l) as { msg: string; error?: string }).find((l) => l.msg === 'mail send failed');
    expect(failed?.error).toMatch(/550 5\.1\.1 <\[address\]>: Recipient address rejected/);
    expect(lines.join('\n')).not.toMatch(/ann\.recipient|northwind/);
  });
});
