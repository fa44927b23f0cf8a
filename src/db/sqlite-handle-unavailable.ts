import type { Db } from './open-database.js';

/**
 * What `app.db` is when the hub runs on PostgreSQL (DATABASE_URL): there is no SQLite file, so any use
 * of the handle is a bug — code that has not moved onto the store — and fails at once with a sentence
 * saying so, rather than writing to a database the other machines never see. `memory` and `open` are
 * answered (false) so shutdown and the webhook path can ask which engine they are on.
 */
export function sqliteHandleUnavailable(): Db {
  const refuse = (property: PropertyKey): never => {
    throw new Error(`ClientHub runs on PostgreSQL (DATABASE_URL), but this code used the SQLite handle (app.db.${String(property)}): it must go through app.store`);
  };
  return new Proxy({} as Db, {
    get(_target, property) {
      if (property === 'memory' || property === 'open') return false;
      if (property === 'then') return undefined;
      return refuse(property);
    },
  });
}
