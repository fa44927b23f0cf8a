/**
 * Webhook deliveries are pruned by age (CLIENTHUB_WEBHOOK_RETENTION_DAYS), and a rejected one keeps
 * only a prefix of its body: its size and SHA-256 say what the rest was without storing it.
 * Indexes: the oldest deliveries by time, and a delivery's pending events (never pruned).
 */
export const name = 'webhook-retention';

export const sql = `
ALTER TABLE webhook_deliveries ADD COLUMN body_bytes INTEGER;
ALTER TABLE webhook_deliveries ADD COLUMN body_sha256 TEXT;
CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
CREATE INDEX webhook_events_delivery ON webhook_events (delivery_id, status);
`;
