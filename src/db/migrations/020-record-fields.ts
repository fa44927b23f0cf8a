/**
 * Unified-model fields the hub filters and sorts on become columns (issue 15), so no query has to
 * reach into the JSON with an engine's own functions: generated from `data` by the database
 * itself (SQLite: virtual, computed when read or indexed; PostgreSQL: stored), so they can never
 * disagree with the record. The id lists (a contact's companies, a payment's invoices, a
 * request's deals) become rows of `record_refs`, kept by triggers on both engines.
 */
export const name = 'record-fields';

const SQLITE_COLUMNS: [string, string, string][] = [
  ['is_won', 'INTEGER', `CASE WHEN json_extract(data, '$.isWon') = 1 THEN 1 ELSE 0 END`],
  ['client_visible', 'INTEGER', `CASE WHEN json_extract(data, '$.clientVisible') = 1 THEN 1 ELSE 0 END`],
  ['status', 'TEXT', `json_extract(data, '$.status')`],
  ['close_date', 'TEXT', `json_extract(data, '$.closeDate')`],
  ['display_name', 'TEXT', `COALESCE(json_extract(data, '$.name'), json_extract(data, '$.fullName'), json_extract(data, '$.subject'), json_extract(data, '$.number'))`],
  ['number', 'TEXT', `json_extract(data, '$.number')`],
  ['email', 'TEXT', `json_extract(data, '$.email')`],
  ['customer_external_id', 'TEXT', `json_extract(data, '$.customerExternalId')`],
  ['project_external_id', 'TEXT', `json_extract(data, '$.projectExternalId')`],
  ['request_external_id', 'TEXT', `json_extract(data, '$.requestExternalId')`],
];

export const POSTGRES_COLUMNS: [string, string, string][] = [
  ['is_won', 'BIGINT', `CASE WHEN data::jsonb -> 'isWon' = 'true'::jsonb THEN 1 ELSE 0 END`],
  ['client_visible', 'BIGINT', `CASE WHEN data::jsonb -> 'clientVisible' = 'true'::jsonb THEN 1 ELSE 0 END`],
  ['status', 'TEXT', `data::jsonb ->> 'status'`],
  ['close_date', 'TEXT', `data::jsonb ->> 'closeDate'`],
  ['display_name', 'TEXT', `COALESCE(data::jsonb ->> 'name', data::jsonb ->> 'fullName', data::jsonb ->> 'subject', data::jsonb ->> 'number')`],
  ['number', 'TEXT', `data::jsonb ->> 'number'`],
  ['email', 'TEXT', `data::jsonb ->> 'email'`],
  ['customer_external_id', 'TEXT', `data::jsonb ->> 'customerExternalId'`],
  ['project_external_id', 'TEXT', `data::jsonb ->> 'projectExternalId'`],
  ['request_external_id', 'TEXT', `data::jsonb ->> 'requestExternalId'`],
];

export const INDEXES = `
CREATE INDEX records_won_deals ON records (client_id, close_date) WHERE kind = 'deal' AND is_won = 1 AND deleted = 0;
CREATE INDEX records_by_customer ON records (connection_id, customer_external_id) WHERE customer_external_id IS NOT NULL;
CREATE INDEX records_by_project ON records (connection_id, project_external_id) WHERE project_external_id IS NOT NULL;
CREATE INDEX records_by_request ON records (connection_id, request_external_id) WHERE request_external_id IS NOT NULL;
CREATE TABLE record_refs (
  record_id BIGINT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  ref_kind TEXT NOT NULL CHECK (ref_kind IN ('company', 'invoice', 'deal')),
  external_id TEXT NOT NULL,
  PRIMARY KEY (record_id, ref_kind, external_id)
);
CREATE INDEX record_refs_lookup ON record_refs (ref_kind, external_id);
`;

const SQLITE_REFS = (record: string) => `
  INSERT OR IGNORE INTO record_refs (record_id, ref_kind, external_id)
    SELECT ${record}.id, 'company', value FROM json_each(${record}.data, '$.companyExternalIds') WHERE type = 'text'
    UNION ALL SELECT ${record}.id, 'invoice', value FROM json_each(${record}.data, '$.invoiceExternalIds') WHERE type = 'text'
    UNION ALL SELECT ${record}.id, 'deal', value FROM json_each(${record}.data, '$.dealExternalIds') WHERE type = 'text'`;

export const sql = `
${SQLITE_COLUMNS.map(([column, type, expression]) => `ALTER TABLE records ADD COLUMN ${column} ${type} GENERATED ALWAYS AS (${expression}) VIRTUAL;`).join('\n')}
${INDEXES.replace(/BIGINT/g, 'INTEGER')}
CREATE TRIGGER record_refs_inserted AFTER INSERT ON records
BEGIN ${SQLITE_REFS('NEW')}; END;
CREATE TRIGGER record_refs_updated AFTER UPDATE OF data ON records WHEN NEW.data IS NOT OLD.data
BEGIN
  DELETE FROM record_refs WHERE record_id = NEW.id;
  ${SQLITE_REFS('NEW')};
END;
INSERT OR IGNORE INTO record_refs (record_id, ref_kind, external_id)
  SELECT r.id, 'company', j.value FROM records r, json_each(r.data, '$.companyExternalIds') j WHERE j.type = 'text'
  UNION ALL SELECT r.id, 'invoice', j.value FROM records r, json_each(r.data, '$.invoiceExternalIds') j WHERE j.type = 'text'
  UNION ALL SELECT r.id, 'deal', j.value FROM records r, json_each(r.data, '$.dealExternalIds') j WHERE j.type = 'text';
`;

export const POSTGRES_REFS = `
  INSERT INTO record_refs (record_id, ref_kind, external_id)
    SELECT NEW.id, k.kind, e.value
      FROM (VALUES ('company', 'companyExternalIds'), ('invoice', 'invoiceExternalIds'), ('deal', 'dealExternalIds')) AS k(kind, field)
      CROSS JOIN LATERAL jsonb_array_elements(
        CASE WHEN jsonb_typeof(NEW.data::jsonb -> k.field) = 'array' THEN NEW.data::jsonb -> k.field ELSE '[]'::jsonb END) AS a(item)
      CROSS JOIN LATERAL (SELECT a.item #>> '{}' AS value WHERE jsonb_typeof(a.item) = 'string') AS e
    ON CONFLICT DO NOTHING;`;

export const postgres = `
${POSTGRES_COLUMNS.map(([column, type, expression]) => `ALTER TABLE records ADD COLUMN ${column} ${type} GENERATED ALWAYS AS (${expression}) STORED;`).join('\n')}
${INDEXES}
CREATE FUNCTION refresh_record_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN DELETE FROM record_refs WHERE record_id = NEW.id; END IF;
  ${POSTGRES_REFS}
  RETURN NULL;
END $$;
CREATE TRIGGER record_refs_inserted AFTER INSERT ON records FOR EACH ROW EXECUTE FUNCTION refresh_record_refs();
CREATE TRIGGER record_refs_updated AFTER UPDATE OF data ON records FOR EACH ROW
  WHEN (NEW.data IS DISTINCT FROM OLD.data) EXECUTE FUNCTION refresh_record_refs();
INSERT INTO record_refs (record_id, ref_kind, external_id)
  SELECT r.id, k.kind, a.item #>> '{}'
    FROM records r
    CROSS JOIN (VALUES ('company', 'companyExternalIds'), ('invoice', 'invoiceExternalIds'), ('deal', 'dealExternalIds')) AS k(kind, field)
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(r.data::jsonb -> k.field) = 'array' THEN r.data::jsonb -> k.field ELSE '[]'::jsonb END) AS a(item)
   WHERE jsonb_typeof(a.item) = 'string'
  ON CONFLICT DO NOTHING;
`;
