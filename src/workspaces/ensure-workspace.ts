import type { Db } from '../db/open-database.js';

/** The workspace this deployment serves (one business); created on first start. */
export function ensureWorkspace(db: Db, slug: string, name: string): number {
  db.prepare('INSERT INTO workspaces (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING').run(slug, name, Date.now());
  return (db.prepare('SELECT id FROM workspaces WHERE slug = ?').get(slug) as { id: number }).id;
}
