/**
 * Running one knex query on better-sqlite3, as knex's own `_query` does,
 * with integers read exactly: a number when it fits one exactly, a decimal
 * string past 2^53 (the form pg and Stratum's MySQL give). Reading every
 * INTEGER as a BigInt (`safeIntegers`) and converting it costs 5-8 % of a
 * 50,000-row read, so a read-only statement runs plainly and its rows are
 * scanned for a number past 2^53 (about 1.5 %); only then does it run again
 * with BigInts (a SELECT has no effect to repeat; the second result is
 * returned whole). Statements that write run with BigInts from the start.
 * An explicit `safeIntegers` (connection `options` or a query's
 * `.options()`) keeps knex's meaning: `true` BigInts, `false` numbers.
 */
import { rowBuilderOf, rowObjectBuilder, type RowBuilder } from '../row_builder.js'
import type { RawSqliteConnection } from './sqlite_busy.js'

interface Statement {
  readonly reader: boolean
  readonly readonly: boolean
  safeIntegers(on: boolean): Statement
  /** Rows as arrays of values (`true`) or as objects (`false`) from then on. */
  raw(on: true): { all(bindings: unknown[]): unknown[][] }
  raw(on: false): Statement
  columns(): { name: string }[]
  all(bindings: unknown[]): Record<string, unknown>[]
  run(bindings: unknown[]): { changes: number; lastInsertRowid: number | bigint }
}

export interface StatementConnection extends RawSqliteConnection {
  prepare(sql: string): Statement
}

/** What the runner needs from knex's client (also a transaction's copy of it). */
export interface StatementClient {
  connectionSettings: { options?: { safeIntegers?: unknown } }
  _formatBindings(bindings: unknown): unknown[]
}

interface QueryObject {
  sql?: string
  bindings?: unknown
  method?: string
  options?: { safeIntegers?: unknown; [option: string]: unknown }
  response?: unknown
  context?: { lastID: unknown; changes: number }
}

const maxSafe = Number.MAX_SAFE_INTEGER
const maxExact = BigInt(maxSafe)
const minExact = -maxExact

/** A BigInt as a number when the number is exact, else as its decimal string. */
export function exactInteger(value: bigint): number | string {
  return value <= maxExact && value >= minExact ? Number(value) : String(value)
}

function exactRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key]
      if (typeof value === 'bigint') row[key] = exactInteger(value)
    }
  }
  return rows
}

function isUnsafe(value: unknown): boolean {
  return typeof value === 'number' && (value > maxSafe || value < -maxSafe)
}

/** Whether a plain read may have rounded an integer: any number past 2^53 (REALs too). */
function mayBeRounded(rows: Record<string, unknown>[]): boolean {
  for (const row of rows) {
    for (const key in row) if (isUnsafe(row[key])) return true
  }
  return false
}

/** `mayBeRounded` for rows read as arrays. */
function mayBeRoundedArrays(rows: unknown[][]): boolean {
  for (const row of rows) {
    for (let index = 0; index < row.length; index++) if (isUnsafe(row[index])) return true
  }
  return false
}

/**
 * A select's rows read as arrays (exactly, as above), each built into an
 * object by the query's row builder, or into the row object the driver
 * would have made when the builder declines the columns. The columns are
 * read after the run: a cached statement is recompiled by SQLite on its
 * next run when the schema changed (`select *` may then have other
 * columns). Undefined when the rows must be read as objects (a column
 * named `__proto__`).
 */
function builtRows(
  statement: Statement,
  bindings: unknown[],
  builder: RowBuilder
): object[] | undefined {
  const read = (safe: boolean) => statement.safeIntegers(safe).raw(true).all(bindings)
  let rows = read(false)
  if (mayBeRoundedArrays(rows)) {
    rows = read(true)
    for (const row of rows) {
      for (let index = 0; index < row.length; index++) {
        const value = row[index]
        if (typeof value === 'bigint') row[index] = exactInteger(value)
      }
    }
  }
  const columns = statement.columns().map((column) => column.name)
  const build = builder.forColumns(columns) ?? rowObjectBuilder(columns)
  if (build === undefined) return undefined
  // each object takes its array's place: the arrays die as they are read, not at the end
  const built = rows as unknown[] as object[]
  for (let index = 0; index < rows.length; index++) built[index] = build(rows[index])
  return built
}

/**
 * Statements by SQL text, per connection. Preparing a one-row INSERT
 * costs about 4.5 us, more than running it (1.6 us), and an app sends the same few
 * statements over and over: each is prepared once and run again, its
 * modes (`safeIntegers`, `raw`) set at every run. SQLite recompiles a
 * prepared statement itself when the schema changed under it.
 */
const MAX_STATEMENTS = 200
const statementCaches = new WeakMap<object, Map<string, Statement>>()

function prepared(connection: StatementConnection, sql: string): Statement {
  let cache = statementCaches.get(connection)
  if (cache === undefined) statementCaches.set(connection, (cache = new Map()))
  let statement = cache.get(sql)
  if (statement === undefined) {
    statement = connection.prepare(sql)
    // the oldest statement goes first (a Map keeps insertion order)
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!)
    cache.set(sql, statement)
  }
  return statement
}

function explicitMode(options: { safeIntegers?: unknown } | undefined): boolean | undefined {
  return typeof options?.safeIntegers === 'boolean' ? options.safeIntegers : undefined
}

export async function runStatement(
  client: StatementClient,
  connection: StatementConnection,
  obj: QueryObject
): Promise<QueryObject> {
  if (!obj.sql) throw new Error('The query is empty')
  if (!connection) throw new Error('No connection provided')
  const statement = prepared(connection, obj.sql)
  const explicit = explicitMode(obj.options) ?? explicitMode(client.connectionSettings.options)
  const exact = explicit === undefined
  const bindings = client._formatBindings(obj.bindings)
  if (exact && statement.reader && statement.readonly) {
    const builder = obj.method === 'select' ? rowBuilderOf(obj.options) : undefined
    const built = builder === undefined ? undefined : builtRows(statement, bindings, builder)
    if (built !== undefined) {
      obj.response = built
      return obj
    }
    const rows = statement.safeIntegers(false).raw(false).all(bindings)
    obj.response = mayBeRounded(rows) ? exactRows(statement.safeIntegers(true).all(bindings)) : rows
    return obj
  }
  statement.safeIntegers(explicit ?? true)
  if (statement.reader) {
    statement.raw(false)
    const rows = statement.all(bindings)
    obj.response = exact ? exactRows(rows) : rows
    return obj
  }
  const response = statement.run(bindings)
  if (exact && typeof response.lastInsertRowid === 'bigint') {
    response.lastInsertRowid = exactInteger(response.lastInsertRowid) as number
  }
  obj.response = response
  obj.context = { lastID: response.lastInsertRowid, changes: response.changes }
  return obj
}
