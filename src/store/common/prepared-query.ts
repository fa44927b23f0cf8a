import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { Queryable } from '../store.js';

/** Stands in for the index-th value while the query is built; replaced by the call's value when run. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query built and compiled once per engine, then run with each call's values: Kysely otherwise
 * builds the query's tree and compiles it to SQL anew on every call, which was a seventh of a
 * portal dashboard's time (issue 20). For the reads every page makes (the session, a client's
 * records). `build` is handed stand-ins for the values and must use them only as values to compare,
 * insert or limit by: never to choose the query's shape (an IN list's length, an `is null`, an
 * optional condition), which would be fixed by the first call; a stand-in that becomes no parameter
 * is refused. A value may be used twice; constants stay as they were built. A raw `sql` query is
 * handed back compiled (`sql`…`.compile(db)`). The store installs no Kysely plugins, so the compiled
 * form depends on the dialect only.
 */
export function preparedQuery<A extends unknown[], R>(build: (db: Kysely<DB>, ...values: A) => Compilable<R> | CompiledQuery<R>): (q: Queryable, ...values: A) => Promise<R[]> {
  // Per dialect adapter: the store and each of its transactions share their Kysely instance's adapter.
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return async (q, ...values) => {
    const adapter = q.getExecutor().adapter;
    let template = compiled.get(adapter);
    if (!template) {
      const built = build(q, ...(values.map((_, index) => new Slot(index)) as A));
      template = 'compile' in built ? built.compile() : built;
      const bound = new Set(template.parameters.filter((parameter) => parameter instanceof Slot).map((slot) => slot.index));
      if (bound.size !== values.length) throw new Error(`preparedQuery: ${values.length} values, of which ${bound.size} became parameters of ${template.sql.slice(0, 80)}`);
      compiled.set(adapter, template);
    }
    const parameters = template.parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.index] : parameter));
    return (await q.executeQuery<R>({ ...template, parameters })).rows;
  };
}

/** The most shapes preparedPerShape keeps; past it, a shape's query is built on each call as Kysely would. */
const MOST_SHAPES = 64;

/**
 * preparedQuery for a query whose shape depends on a constant of the caller's (the list of kinds a
 * page reads, the number of ids in an IN list): one prepared query per shape, named by `keyOf`.
 */
export function preparedPerShape<S, A extends unknown[], R>(
  build: (shape: S) => (db: Kysely<DB>, ...values: A) => Compilable<R> | CompiledQuery<R>,
  keyOf: (shape: S) => string,
): (shape: S) => (q: Queryable, ...values: A) => Promise<R[]> {
  const shapes = new Map<string, (q: Queryable, ...values: A) => Promise<R[]>>();
  return (shape) => {
    const key = keyOf(shape);
    let read = shapes.get(key);
    if (!read) {
      read = preparedQuery(build(shape));
      if (shapes.size < MOST_SHAPES) shapes.set(key, read);
    }
    return read;
  };
}
