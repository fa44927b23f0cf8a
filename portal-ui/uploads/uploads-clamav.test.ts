import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { samplePdf, startAsanaUploadWorld, type AsanaUploadWorld } from '../../tests/support/start-asana-upload-world.js';
import { findClamd } from '../../tests/support/find-clamd.js';
import { EICAR, EICAR_SIGNATURE, startClamd, type RunningClamd } from '../../tests/support/start-clamd.js';
import { freePort } from '../../tests/support/free-port.js';
import { attachmentsOf } from '../../connectors/asana/emulator/asana-stories-and-attachments.js';
import { createLogger } from '../../src/logging/logger.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';

const clamd = findClamd();
if (!clamd) console.warn('uploads-clamav.test.ts: SKIPPED — no clamd binary (apt-get install clamav-daemon); .ci/run installs it');

describe.skipIf(!clamd)(`client uploads scanned by a live clamd (CLAMAV_HOST)${clamd ? '' : ' — skipped: clamd is not installed'}`, () => {
  let daemon: RunningClamd;
  let world: AsanaUploadWorld;
  let logLines: string[];
  const queued = () => listClientActions(world.app.store.db, world.clientId);
  const deliverAll = async () => {
    await world.app.jobs.startWorker(createJobHandlers(world.app));
    await world.app.jobs.drain();
  };

  beforeAll(async () => {
    daemon = await startClamd({ streamMaxBytes: 100_000 });
  });
  afterAll(async () => {
    await daemon?.stop();
  });
  beforeEach(async () => {
    logLines = [];
    world = await startAsanaUploadWorld({ CLAMAV_HOST: daemon.address, PORTAL_UPLOAD_MAX_BYTES: '300000' }, { logger: createLogger('debug', {}, (line) => logLines.push(line)) });
  });
  afterEach(async () => {
    await world.close();
  });

  it('accepts a clean PDF and queues it once', async () => {
    const sent = await world.upload('Signed brief.pdf', samplePdf('BT /F1 12 Tf (Signed) Tj ET'));
    expect(sent.status).toBe(303);
    expect(await queued()).toHaveLength(1);
    expect(world.staged()).toHaveLength(1);
    await deliverAll();
    expect(attachmentsOf(world.store, world.conversationTask().gid)).toHaveLength(1);
  });

  it('refuses a PDF and a text file carrying EICAR, with a clear message: nothing queued, nothing kept, nothing sent', async () => {
    const pdf = await world.upload('report.pdf', samplePdf(EICAR));
    expect(pdf.status).toBe(422);
    expect(pdf.text).toContain('“report.pdf” was refused by the virus scanner. It was not sent.');
    const text = await world.upload('notes.txt', `Notes\n${EICAR}\n`);
    expect(text.status).toBe(422);
    expect(text.text).toContain('“notes.txt” was refused by the virus scanner. It was not sent.');
    expect(await queued()).toEqual([]);
    expect(world.staged()).toEqual([]);
    await deliverAll();
    expect(world.emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    // The operator sees what was found.
    const warnings = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'upload refused: virus scanner found a signature');
    expect(warnings.map((line) => [line.file, line.signature])).toEqual([['report.pdf', EICAR_SIGNATURE], ['notes.txt', EICAR_SIGNATURE]]);
  });

  it('refuses a file over clamd\'s StreamMaxLength as too large (413, send it smaller), and one clamd cannot scan as try later (503), logging why', async () => {
    // Under the portal's cap (300 000 bytes), over clamd's (100 000): not scanned, so not sent.
    const large = await world.upload('Large brief.pdf', Buffer.concat([samplePdf(), Buffer.alloc(150_000, 32)]));
    expect(large.status).toBe(413);
    expect(large.text).toContain('is larger than the virus scanner can check, so it was not sent.');
    const tooLarge = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'upload refused: larger than the virus scanner accepts');
    expect(tooLarge).toEqual([expect.objectContaining({ file: 'Large brief.pdf', uploadMaxBytes: 300_000, error: expect.stringMatching(/INSTREAM size limit exceeded|StreamMaxLength/) })]);
    world.app.config.portal.clamavHost = `127.0.0.1:${await freePort()}`;
    const down = await world.upload('Signed brief.pdf', samplePdf());
    expect(down.status).toBe(503);
    expect(await queued()).toEqual([]);
    expect(world.staged()).toEqual([]);
    const errors = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'upload refused: virus scanner unavailable');
    expect(errors.map((line) => line.error)).toEqual([expect.stringContaining('ECONNREFUSED')]);
  });
});
