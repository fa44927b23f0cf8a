/** A record that syncs cleanly closes its open dead letters: looked up per applied record, so indexed (open ones only). */
export const name = 'dead-letters-by-record';

export const sql = `
CREATE INDEX dead_letters_open_by_record ON dead_letters (connection_id, object_type, external_id) WHERE status = 'open';
`;
