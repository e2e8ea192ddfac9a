/**
 * Rows read as arrays and built into objects by the caller (SQLite).
 *
 * A mapped model (`created_at` -> `createdAt`) made two objects per SQLite
 * row: the driver's, then its copy under the attribute names. Read as
 * arrays, each row becomes the attribute object at once (one object, which
 * the young-generation collector copies once; docs/performance.md has the
 * figures). A model query hands the runner a `RowBuilder`
 * through the query's knex options; the runner asks it, with the
 * statement's column names, for the function that builds one row from its
 * values, and reads arrays when it gets one (the model's attribute objects
 * are then built straight from them: no row object made only to be copied).
 */
import type { Knex } from 'knex'
import { knexInternals } from './query_builder/knex_internals.js'

/** The knex option a `RowBuilder` travels under (to the dialect's statement runner). */
export const rowBuilderOption = 'stratumRowBuilder'

export interface RowBuilder {
  /**
   * The function building one row from the values of `columns` (in that
   * order), or undefined to have the rows read as objects.
   */
  forColumns(columns: string[]): ((values: unknown[]) => object) | undefined
}

const MAX_OBJECT_BUILDERS = 200
const objectBuilders = new Map<string, (values: unknown[]) => object>()

/**
 * The function building from an array of values the row object the driver
 * builds for these columns: each column's value under its name, a name
 * given twice at its first place with its last value (as the driver sets
 * them one after the other). Undefined for a column named `__proto__`,
 * which an object literal would take as the prototype.
 */
export function rowObjectBuilder(columns: string[]): ((values: unknown[]) => object) | undefined {
  if (columns.includes('__proto__')) return undefined
  const signature = columns.join('\0')
  let build = objectBuilders.get(signature)
  if (build === undefined) {
    // JSON.stringify makes every name a string literal, whatever it holds
    const entries = columns.map((column, index) => `${JSON.stringify(column)}: values[${index}]`)
    build = new Function('values', `return { ${entries.join(', ')} }`) as (
      values: unknown[]
    ) => object
    if (objectBuilders.size >= MAX_OBJECT_BUILDERS) objectBuilders.clear()
    objectBuilders.set(signature, build)
  }
  return build
}

/** The row builder among a query object's options, when one was given. */
export function rowBuilderOf(options: Record<string, unknown> | undefined): RowBuilder | undefined {
  const builder = options?.[rowBuilderOption]
  return typeof builder === 'object' && builder !== null ? (builder as RowBuilder) : undefined
}

/**
 * Runs `run` with `builder` among the knex query's options, removed after:
 * a query object compiled during the run carries it, the builder stays as it was.
 */
export async function withRowBuilder<Result>(
  query: Knex.QueryBuilder,
  builder: RowBuilder,
  run: () => Promise<Result>
): Promise<Result> {
  const internals = knexInternals(query)
  const entry = { [rowBuilderOption]: builder }
  ;(internals._options ??= []).push(entry)
  try {
    return await run()
  } finally {
    const index = internals._options.indexOf(entry)
    if (index >= 0) internals._options.splice(index, 1)
    if (internals._options.length === 0) internals._options = undefined
  }
}
