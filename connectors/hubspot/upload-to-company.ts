/**
 * The outbox's `uploadDocument` write for HubSpot (issue 17): a client's upload from the Documents
 * page becomes a file of the client's company, the way HubSpot attaches files to records — the file
 * goes into the file manager (Files API v3, `access: PRIVATE`: only signed-in HubSpot users and
 * signed URLs reach it) under HUBSPOT_UPLOAD_FOLDER, then a note on the company carries it
 * (`hs_attachment_ids`, associated note → company, HubSpot-defined type 190), with who sent it.
 *
 * Exactly once: the note's body carries the action's marker line, and `findExisting` reads the
 * company's own notes (every page of its associations, then the notes: current state, not the search
 * index) for it.
 * An attempt that died after the file was stored but before the note was made uploads again with
 * HubSpot's duplicate check (`duplicateValidationStrategy: RETURN_EXISTING` in the folder), which
 * hands back the stored file (same name — it carries the marker — and same bytes) instead of a copy.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { ProviderError, replyMarker, type ConnectorContext, type UploadDocumentInput, type WriteOperation, type WriteResult } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';
import { readAllAssociations } from './read-all-associations.js';
import { attributionLine } from './attribution.js';
import { hubspotSettings } from './settings.js';

// HubSpot-defined association type note → company.
export const NOTE_TO_COMPANY = 190;
const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;
// HubSpot's cap on ids per batch read of CRM objects.
const BATCH_READ = 100;

function companyOf(input: UploadDocumentInput): string {
  if (input.anchor !== 'company') throw new ProviderError('HubSpot takes portal uploads on the client\'s company only', false);
  return input.companyExternalId;
}

/** The note an earlier attempt made for this key on the company, found by its marker line. */
async function findNote(ctx: ConnectorContext, input: UploadDocumentInput): Promise<WriteResult | null> {
  const companyId = companyOf(input);
  // Every page of the company's notes: a marker past the first 500 is still found.
  const noteIds = [...new Set((await readAllAssociations(ctx, 'companies', 'notes', [companyId])).get(companyId))];
  const marker = replyMarker(input.key);
  for (let i = 0; i < noteIds.length; i += BATCH_READ) {
    const ids = noteIds.slice(i, i + BATCH_READ);
    const notes = await callHubSpot(ctx, (client) => client.crm.objects.batchApi.read('notes', { inputs: ids.map((id) => ({ id })), properties: ['hs_note_body', 'hs_attachment_ids'], propertiesWithHistory: [] }, false));
    const found = notes.results.find((note) => String(note.properties.hs_note_body ?? '').includes(marker));
    if (found) return { objectType: 'notes', externalId: found.id, syncObject: { objectType: 'companies', externalId: companyId } };
  }
  return null;
}

async function uploadAndAttach(ctx: ConnectorContext, input: UploadDocumentInput): Promise<WriteResult> {
  const companyId = companyOf(input);
  if (basename(input.path) !== input.storedName) throw new Error('the staged upload is not named as its marker says');
  const folderPath = hubspotSettings.read(ctx.config).uploadFolder;
  // The SDK sends a Buffer (form-data); the hub's upload cap (PORTAL_UPLOAD_MAX_BYTES) bounds it.
  const data = await readFile(input.path);
  const options = JSON.stringify({ access: 'PRIVATE', overwrite: false, duplicateValidationStrategy: 'RETURN_EXISTING', duplicateValidationScope: 'EXACT_FOLDER' });
  const file = (await callHubSpot(ctx, (client) => client.files.filesApi.upload({ data, name: input.storedName }, undefined, folderPath, input.storedName, undefined, options))) as { id?: string | number } | undefined;
  if (file?.id === undefined) throw new ProviderError('HubSpot answered the upload without a file id', true);
  const body = `${input.authorName} sent “${input.fileName}” via the client portal.\n${attributionLine(input)}\n${replyMarker(input.key)}`;
  const note = await callHubSpot(ctx, (client) =>
    client.crm.objects.basicApi.create('notes', {
      properties: { hs_timestamp: new Date().toISOString(), hs_note_body: body, hs_attachment_ids: String(file.id) },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: NOTE_TO_COMPANY }] }],
    }),
  );
  return { objectType: 'notes', externalId: note.id, syncObject: { objectType: 'companies', externalId: companyId } };
}

export const uploadToCompanyWrite: WriteOperation<UploadDocumentInput> = {
  // files: the file manager; notes are engagements under the contacts scopes (HubSpot's notes API);
  // the company's note associations are read to find an earlier attempt.
  scopes: ['files', 'crm.objects.contacts.write', 'crm.objects.contacts.read', 'crm.objects.companies.read'],
  anchorKinds: ['company'],
  findExisting: findNote,
  perform: uploadAndAttach,
};
