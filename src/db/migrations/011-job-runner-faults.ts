/**
 * The job runners under faults: jobs know the connection they work for (per-connection
 * concurrency is counted from running rows), a waiting job is kept from starting while a
 * twin with its key runs (found by the running-key index), and the sweeper finds pending
 * webhook events by index (the per-delivery index is migration 9).
 */
export const name = 'job-runner-faults';

export const sql = `
ALTER TABLE jobs ADD COLUMN connection_id INTEGER;
UPDATE jobs SET connection_id = json_extract(payload, '$.connectionId')
  WHERE status IN ('queued', 'running') AND json_valid(payload) AND json_type(payload, '$.connectionId') = 'integer';
CREATE INDEX jobs_running_connection ON jobs (connection_id) WHERE status = 'running';
CREATE INDEX jobs_running_key ON jobs (dedupe_key) WHERE status = 'running' AND dedupe_key IS NOT NULL;
CREATE INDEX webhook_events_pending ON webhook_events (delivery_id) WHERE status = 'pending';
`;
