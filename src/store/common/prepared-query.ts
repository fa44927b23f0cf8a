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
      const built = build(q, ...(slotsFor(values.length) as A));
      template = 'compile' in built ? built.compile() : built;
      const bound = new Set(template.parameters.filter((parameter) => parameter instanceof Slot).map((slot) => slot.index));
      if (bound.size !== values.length) throw new Error(`preparedQuery: ${values.length} values, of which ${bound.size} became parameters of ${template.sql.slice(0, 80)}`);
      compiled.set(adapter, template);
    }
    return (await q.executeQuery<R>(bind(template, values))).rows;
  };
}

const slotsFor = (count: number): Slot[] => Array.from({ length: count }, (_, index) => new Slot(index));

/** The template with each stand-in replaced by the call's value (other parameters are the query's own constants). */
function bind<R>(template: CompiledQuery<R>, values: readonly unknown[]): CompiledQuery<R> {
  return { ...template, parameters: template.parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.index] : parameter)) };
}

/**
 * A statement whose text depends only on its shape (a multi-row INSERT: on its row count), built
 * through the query builder once per engine and shape and then run with each call's values. Parsing
 * and compiling a few thousand value nodes per page cost the sync write path more than some of its
 * statements took to run (issue 20); a text reused as is also finds its prepared statement at once.
 *
 * `build(q, slots, shape)` builds the statement with `slots` where the values go, in the order the
 * caller passes values; what the builder does with them (column order, row order) is followed through
 * the stand-ins. Stricter than preparedQuery: every slot must become exactly one parameter and nothing
 * else may (a constant would be frozen into every call), or the first call fails.
 */
export function compileOnce<R>(build: (q: Queryable, slots: readonly unknown[], shape: number) => Compilable<R>): (q: Queryable, shape: number, values: readonly unknown[]) => Promise<R[]> {
  // Per engine (each store's adapter), then per shape; the adapter goes with its store.
  const templates = new WeakMap<object, Map<number, CompiledQuery<R>>>();
  return async (q, shape, values) => {
    const adapter = q.getExecutor().adapter;
    let byShape = templates.get(adapter);
    if (!byShape) templates.set(adapter, (byShape = new Map()));
    let template = byShape.get(shape);
    if (!template) {
      const compiled = build(q, slotsFor(values.length), shape).compile();
      const used = new Set(compiled.parameters.map((parameter) => (parameter instanceof Slot ? parameter.index : -1)));
      if (used.has(-1) || used.size !== values.length || compiled.parameters.length !== values.length) {
        throw new Error(`compileOnce: ${values.length} values did not become ${values.length} parameters of ${compiled.sql.slice(0, 80)}`);
      }
      byShape.set(shape, (template = compiled));
    }
    if (template.parameters.length !== values.length) throw new Error(`compileOnce: shape ${shape} takes ${template.parameters.length} values, not ${values.length}`);
    return (await q.executeQuery<R>(bind(template, values))).rows;
  };
}

/**
 * For a multi-row INSERT's builder: `rows` rows of `columns` slots each (in the order the caller
 * passes values: row by row, column by column), each laid out by `row` (`value(c)`: its c-th slot).
 */
export function slotRows<T>(slots: readonly unknown[], rows: number, columns: number, row: (value: (column: number) => never) => T): T[] {
  return Array.from({ length: rows }, (_, r) => row((column) => slots[r * columns + column] as never));
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
