/**
 * Test files the PostgreSQL pass (vitest.postgres.config.ts) leaves out, each with why: they test the
 * SQLite engine itself (its file, its locks, its handle), which PostgreSQL does not have, or start from
 * a SQLite file by design. Everything else runs on both engines.
 */
export const SQLITE_ONLY_TESTS: Record<string, string> = {
  'src/db/delivery-handle.test.ts': "the SQLite delivery handle itself: its second connection, BEGIN IMMEDIATE, the busy retry",
  'tests/db-copy.test.ts': 'copies FROM a SQLite deployment to PostgreSQL (the target is already PostgreSQL in both passes)',
};
