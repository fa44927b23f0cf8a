/**
 * PostgreSQL keeps a record's unified data as jsonb, parsed once when written (issue 20). As text, each
 * of the ten generated columns of migration 20 and the record_refs trigger cast `data::jsonb` again, so
 * one insert parsed the same JSON about thirteen times: a third of PostgreSQL's time inserting records.
 * The store still reads data as JSON text (src/store/postgres/open-postgres-store.ts hands jsonb back
 * unparsed), so nothing above the store changes; jsonb writes it back with its own spacing and key order,
 * which JSON.parse does not see. SQLite is unchanged: its JSON functions read text directly.
 *
 * Dropping the generated columns drops their four indexes; they are made again as they were, and so are
 * the two triggers that name `data` (PostgreSQL will not change the type of a column a trigger names).
 * The type change rewrites the table once.
 */
import { INDEXES, POSTGRES_COLUMNS, POSTGRES_REFS } from './020-record-fields.js';

export const name = 'record-data-jsonb';

export const sql = `
-- SQLite keeps data as JSON text (see the PostgreSQL form).
SELECT 1;
`;

/** Migration 20's expressions, reading the jsonb column instead of casting text. */
const fromJsonb = (text: string) => text.replaceAll('data::jsonb', 'data');
const COLUMNS = POSTGRES_COLUMNS.map(([column, type, expression]) => [column, type, fromJsonb(expression)] as const);
/** Migration 20's four indexes on generated columns, as they were. */
const GENERATED_COLUMN_INDEXES = INDEXES.split('\n').filter((line) => line.startsWith('CREATE INDEX records_')).join('\n');

export const postgres = `
DROP TRIGGER identity_keys_record_updated ON records;
DROP TRIGGER record_refs_updated ON records;
DROP INDEX records_won_deals;
DROP INDEX records_by_customer;
DROP INDEX records_by_project;
DROP INDEX records_by_request;
${COLUMNS.map(([column]) => `ALTER TABLE records DROP COLUMN ${column};`).join('\n')}
ALTER TABLE records ALTER COLUMN data TYPE jsonb USING data::jsonb;
${COLUMNS.map(([column, type, expression]) => `ALTER TABLE records ADD COLUMN ${column} ${type} GENERATED ALWAYS AS (${expression}) STORED;`).join('\n')}
${GENERATED_COLUMN_INDEXES}
CREATE OR REPLACE FUNCTION refresh_record_refs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN DELETE FROM record_refs WHERE record_id = NEW.id; END IF;
  ${fromJsonb(POSTGRES_REFS.trim())}
  RETURN NULL;
END $$;
CREATE TRIGGER record_refs_updated AFTER UPDATE OF data ON records FOR EACH ROW
  WHEN (NEW.data IS DISTINCT FROM OLD.data) EXECUTE FUNCTION refresh_record_refs();
CREATE TRIGGER identity_keys_record_updated AFTER UPDATE OF kind, data ON records FOR EACH ROW
  WHEN ((NEW.kind IN ('company', 'contact') OR OLD.kind IN ('company', 'contact'))
    AND (NEW.kind IS DISTINCT FROM OLD.kind OR NEW.data IS DISTINCT FROM OLD.data))
  EXECUTE FUNCTION queue_identity_key('record');
`;
