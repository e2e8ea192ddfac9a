/**
 * Which existing row each payload row of fetchOrCreateMany/updateOrCreateMany
 * stands for, decided by the database's own `=`: the payload's lookup values
 * go in as a derived table (one row per payload row, with its index) joined
 * to the model's table on the key columns. So a row is matched exactly when
 * `updateOrCreate` with the same key would find it: MySQL's case-insensitive
 * and PAD SPACE collations ('NEWS' = 'news ', a unique index agrees), numeric
 * strings for numeric columns ('07' = 7), SQLite's column affinity and
 * collation, PostgreSQL's type input rules.
 *
 * Each dialect types the derived columns as the table's columns: its first
 * row (which joins nothing: its index is NULL) holds `(select col from table
 * where false)`, so PostgreSQL resolves every value to the column's type and
 * MySQL's union takes the column's collation (a plain derived column would
 * carry the connection's collation, and mixing two implicit collations is an
 * error). SQLite compares with the left operand's affinity and collation:
 * the table's column is on the left.
 */
import type { Knex } from 'knex'
import { E_INVALID_VALUE } from '../../errors.js'
import type { QueryClientContract } from '../../types/database.js'
import type { LucidModel, LucidRow } from '../../types/model.js'

/** Alias of the derived table, and its index column (read back from `$extras`). */
const alias = 'stratum_lookup'
const indexColumn = 'stratum_lookup_index'

/** The derived table's name for the key column at `position`. */
function keyAlias(position: number) {
  return `stratum_lookup_k${position}`
}

/** The column's type (and collation) carried by a value that joins nothing. */
function typedNull(): string {
  return '(select ?? from ?? where 1 = 0)'
}

/**
 * The derived table of one batch: `indexes[i]` and `values[i]` (one value
 * per key column) per payload row, after a typed first row.
 */
function derivedTable(
  knex: Knex,
  client: QueryClientContract,
  table: string,
  columns: string[],
  indexes: number[],
  values: unknown[][]
): Knex.Raw {
  const names = [indexColumn, ...columns.map((_, position) => keyAlias(position))]
  const typed = columns.flatMap((column) => [column, table])
  const placeholders = `?, ${columns.map(() => '?').join(', ')}`
  const bindings = indexes.flatMap((index, row) => [index, ...values[row]]) as Knex.Value[]
  const dialect = client.dialect.name
  if (dialect === 'postgres') {
    const first = `(null::integer, ${columns.map(typedNull).join(', ')})`
    const rows = indexes.map(() => `(${placeholders})`).join(', ')
    const sql = `(values ${first}, ${rows}) as ?? (${names.map(() => '??').join(', ')})`
    return knex.raw(sql, [...typed, ...bindings, alias, ...names])
  }
  if (dialect === 'mysql') {
    const first = `select null as ??, ${columns.map(() => `${typedNull()} as ??`).join(', ')}`
    const firstBindings = [
      names[0],
      ...columns.flatMap((column, i) => [column, table, names[i + 1]]),
    ]
    const rows = indexes.map(() => ` union all select ${placeholders}`).join('')
    return knex.raw(`(${first}${rows}) as ??`, [...firstBindings, ...bindings, alias])
  }
  // SQLite names VALUES columns column1, column2 ...
  const renamed = names.map((_, i) => `column${i + 1} as ??`).join(', ')
  const rows = indexes.map(() => `(${placeholders})`).join(', ')
  return knex.raw(`(select ${renamed} from (values ${rows})) as ??`, [...names, ...bindings, alias])
}

/** The unqualified table name (`for update of` takes no schema). */
function bareName(table: string) {
  return table.slice(table.lastIndexOf('.') + 1)
}

/**
 * PostgreSQL refuses a lookup value its column type cannot read ('7.0' or
 * 'x' for an integer, a bad date) with 22P02/22003/22007/22008, as the
 * insert of that value would: a typed error that says which call and what
 * to pass.
 */
function invalidLookupValue(Model: LucidModel, keys: string[], error: unknown) {
  const code =
    (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code
  if (!['22P02', '22003', '22007', '22008'].includes(String(code))) return error
  const detail = error instanceof Error ? error.message.split(' - ').pop() : String(error)
  return new E_INVALID_VALUE(
    `Cannot look up "${Model.name}" rows by ${keys.join(', ')}: PostgreSQL cannot read a lookup value as the ` +
      `column's type (${detail}). Pass values of the column's type (for an integer column, 7 or '7', not '7.0')`,
    { cause: error }
  )
}

export interface LookupBatch {
  /** Position of each payload row in the call's input. */
  indexes: number[]
  /** The prepared lookup values of each payload row, one per key. */
  values: unknown[][]
}

/**
 * The existing rows of one batch, as `[payload index, model]` pairs (a row
 * matched by several payload rows appears once per payload row).
 * `whereIn` keeps the lookup on the key's index (and, with `lock`, the
 * locks on the matched rows only); the join pairs rows with payload rows.
 */
export async function matchBatch(
  Model: LucidModel,
  keys: { given: string[]; attributes: string[] },
  batch: LookupBatch,
  client: QueryClientContract,
  lock: boolean
): Promise<[index: number, model: LucidRow][]> {
  const table = Model.table
  const columns = keys.attributes.map((name) => Model.$columnsDefinitions.get(name)!.columnName)
  const knex = client.getWriteClient()
  const query = Model.query({ client })
  const list = keys.given.length === 1 ? batch.values.map((row) => row[0]) : batch.values
  query.whereIn(keys.given.length === 1 ? keys.given[0] : keys.given, list as any[])
  const derived = derivedTable(knex, client, table, columns, batch.indexes, batch.values)
  query.knexQuery
    .select(knex.raw('??.*', [table]), `${alias}.${indexColumn}`)
    .join(derived, (join) => {
      columns.forEach((column, position) => {
        join.on(`${table}.${column}`, '=', `${alias}.${keyAlias(position)}`)
      })
    })
  const dialect = client.dialect.name
  if (lock && dialect === 'postgres') {
    // primary key order: concurrent callers lock overlapping rows in one order (see lockRows)
    query.forUpdate(bareName(table)).orderBy(`${table}.${Model.primaryKey}`)
  } else if (lock) {
    query.forUpdate()
  } else {
    query.orderBy(`${table}.${Model.primaryKey}`)
  }
  let models: LucidRow[]
  try {
    models = await query.exec()
  } catch (error) {
    throw dialect === 'postgres' ? invalidLookupValue(Model, keys.given, error) : error
  }
  return models.map((model) => {
    const index = Number(model.$extras[indexColumn])
    delete model.$extras[indexColumn]
    return [index, model]
  })
}
