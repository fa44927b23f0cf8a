import { CompiledQuery, type Compilable } from 'kysely';
import type { Queryable } from '../store.js';

interface Template {
  sql: string;
  /** For each parameter of the compiled text, the index of the value it takes. */
  order: number[];
}

/**
 * A statement whose text depends only on its shape (a multi-row INSERT: on its row count), built
 * through the query builder once per engine and shape and then run with each call's values. Parsing
 * and compiling a few thousand value nodes per page cost the sync write path more than some of its
 * statements took to run (issue 20); a text reused as is also finds its prepared statement at once.
 *
 * `build(q, slots, shape)` builds the statement with `slots` where the values go, in the order the
 * caller passes values; what the builder does with them (column order, row order) is read back from
 * the compiled parameters, so every slot must become exactly one parameter.
 */
export function compileOnce<R>(build: (q: Queryable, slots: readonly unknown[], shape: number) => Compilable<R>) {
  // Per engine (each store's adapter), then per shape; the adapter goes with its store.
  const templates = new WeakMap<object, Map<number, Template>>();
  const templateFor = (q: Queryable, shape: number, count: number): Template => {
    const adapter = q.getExecutor().adapter;
    let byShape = templates.get(adapter);
    if (!byShape) templates.set(adapter, (byShape = new Map()));
    let template = byShape.get(shape);
    if (!template) {
      const slots = Array.from({ length: count }, (_, i) => `\u0000slot ${i}\u0000`);
      const compiled = build(q, slots, shape).compile();
      const index = new Map(slots.map((slot, i) => [slot, i]));
      const order = compiled.parameters.map((parameter) => index.get(parameter as string) ?? -1);
      if (order.includes(-1) || new Set(order).size !== count) throw new Error(`compileOnce: ${count} values did not become ${count} parameters of ${compiled.sql.slice(0, 80)}`);
      template = { sql: compiled.sql, order };
      byShape.set(shape, template);
    }
    return template;
  };
  return async (q: Queryable, shape: number, values: readonly unknown[]): Promise<R[]> => {
    const template = templateFor(q, shape, values.length);
    if (template.order.length !== values.length) throw new Error(`compileOnce: shape ${shape} takes ${template.order.length} values, not ${values.length}`);
    const result = await q.executeQuery<R>(CompiledQuery.raw(template.sql, template.order.map((i) => values[i])));
    return result.rows;
  };
}

/**
 * For a multi-row INSERT's builder: `rows` rows of `columns` slots each (in the order the caller
 * passes values: row by row, column by column), each laid out by `row` (`value(c)`: its c-th slot).
 */
export function slotRows<T>(slots: readonly unknown[], rows: number, columns: number, row: (value: (column: number) => never) => T): T[] {
  return Array.from({ length: rows }, (_, r) => row((column) => slots[r * columns + column] as never));
}
