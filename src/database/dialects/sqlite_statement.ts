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
import { rowBuilderOf } from '../row_builder.js'
import type { RawSqliteConnection } from './sqlite_busy.js'

interface Statement {
  readonly reader: boolean
  readonly readonly: boolean
  safeIntegers(on: boolean): Statement
  raw(on: boolean): Statement
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

/** Rows read as arrays (exactly, as above), each built into an object by `build`. */
function builtRows(
  statement: Statement,
  bindings: unknown[],
  build: (values: unknown[]) => object
): object[] {
  const read = (safe: boolean) =>
    statement.safeIntegers(safe).raw(true).all(bindings) as unknown as unknown[][]
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
  return rows.map(build)
}

/** The builder of a select's rows the query asked for (row_builder.ts), if it takes these columns. */
function rowBuild(statement: Statement, obj: QueryObject) {
  if (obj.method !== 'select') return undefined
  const builder = rowBuilderOf(obj.options)
  return builder?.forColumns(statement.columns().map((column) => column.name))
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
  const statement = connection.prepare(obj.sql)
  const explicit = explicitMode(obj.options) ?? explicitMode(client.connectionSettings.options)
  const exact = explicit === undefined
  const bindings = client._formatBindings(obj.bindings)
  if (exact && statement.reader && statement.readonly) {
    const build = rowBuild(statement, obj)
    if (build !== undefined) {
      obj.response = builtRows(statement, bindings, build)
      return obj
    }
    const rows = statement.safeIntegers(false).all(bindings)
    obj.response = mayBeRounded(rows) ? exactRows(statement.safeIntegers(true).all(bindings)) : rows
    return obj
  }
  statement.safeIntegers(explicit ?? true)
  if (statement.reader) {
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
