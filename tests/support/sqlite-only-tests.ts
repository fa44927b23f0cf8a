/**
 * Test files the PostgreSQL pass (vitest.postgres.config.ts) leaves out, each with why: they test the
 * SQLite engine itself (its file, its locks, its handle), which PostgreSQL does not have. Everything
 * else runs on both engines.
 */
export const SQLITE_ONLY_TESTS: Record<string, string> = {};
