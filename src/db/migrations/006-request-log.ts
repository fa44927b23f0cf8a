/**
 * Request pacing by sliding windows: the times of recent (and reserved) provider calls per budget,
 * so no window of the provider's length ever holds more calls than the budget — fixed windows let
 * a burst at the end of one window and the start of the next through twice over. (rate_windows
 * stays: sign-in attempt limits count in fixed windows, where that does not matter.)
 */
export const name = 'request-log';

export const sql = `
CREATE TABLE request_log (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX request_log_by_key ON request_log (key, at);
`;
