/**
 * `db` of the test context: database assertions that print what the table
 * holds when they fail, and `expectQueries` to catch N+1 queries.
 */
import { AssertionError } from 'node:assert'
import type { Knex } from 'knex'
import type { Database } from '../database/database.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { QueryTracker, TrackedQuery } from './query_tracker.js'

/** Column values a row must have (`null` matches `IS NULL`). */
export type RowConditions = Record<string, unknown>

/** How many rows a failing assertion prints. */
const SHOWN_ROWS = 5

/**
 * Database assertions for one test, on the plugin's connection (inside the
 * test's global transaction under the `transaction` strategy).
 *
 * @example
 * test('signs up', async ({ db }) => {
 *   await signUp('jo@example.com')
 *   await db.assertHas('users', { email: 'jo@example.com' })
 * })
 */
export class DbTestHelpers {
  readonly #tracker: QueryTracker

  constructor(
    /** The Database the plugin was configured with. */
    readonly db: Database,
    /** The connection assertions run on. */
    readonly connectionName: string,
    tracker: QueryTracker
  ) {
    this.#tracker = tracker
  }

  #knex(connection = this.connectionName): Knex | Knex.Transaction {
    return this.db.connection(connection).getWriteClient()
  }

  async #count(table: string, where: RowConditions = {}, connection?: string): Promise<number> {
    const [row] = await this.#knex(connection)(table).where(where).count({ total: '*' })
    return Number(row?.total ?? 0)
  }

  /** Rows to print: those matching `where` when there are some, else the first rows of the table. */
  async #describe(table: string, where: RowConditions = {}, connection?: string): Promise<string> {
    const knex = this.#knex(connection)
    const total = await this.#count(table, {}, connection)
    const matching = Object.keys(where).length ? await this.#count(table, where, connection) : 0
    if (matching > 0) {
      const rows = await knex(table).where(where).limit(SHOWN_ROWS)
      return `Matching rows in "${table}" (${shown(rows.length, matching)}):\n${formatRows(rows)}`
    }
    if (total === 0) return `"${table}" is empty.`
    const rows = await knex(table).limit(SHOWN_ROWS)
    return `Rows in "${table}" (${shown(rows.length, total)}):\n${formatRows(rows)}`
  }

  /** Asserts `table` has rows matching `where`: at least one, or exactly `count`. */
  async assertHas(table: string, where: RowConditions, count?: number): Promise<void> {
    const found = await this.#count(table, where)
    const ok = count === undefined ? found > 0 : found === count
    if (ok) return
    const expected = count === undefined ? 'at least 1 row' : plural(count, 'row')
    fail(
      `Expected "${table}" to have ${expected} matching ${json(where)}, found ${found}.\n` +
        (await this.#describe(table, where)),
      found,
      count ?? 1
    )
  }

  /** Asserts no row of `table` matches `where`. */
  async assertMissing(table: string, where: RowConditions): Promise<void> {
    const found = await this.#count(table, where)
    if (found === 0) return
    fail(
      `Expected "${table}" to have no row matching ${json(where)}, found ${found}.\n` +
        (await this.#describe(table, where)),
      found,
      0
    )
  }

  /** Asserts `table` holds exactly `count` rows. */
  async assertCount(table: string, count: number): Promise<void> {
    const found = await this.#count(table)
    if (found === count) return
    fail(
      `Expected "${table}" to have ${plural(count, 'row')}, found ${found}.\n` +
        (await this.#describe(table)),
      found,
      count
    )
  }

  /** Asserts `table` holds no rows. */
  assertEmpty(table: string): Promise<void> {
    return this.assertCount(table, 0)
  }

  /** Asserts the model's row exists (soft-deleted rows count as existing). */
  async assertModelExists(model: LucidRow): Promise<void> {
    const { table, connection, where, label } = locate(model)
    if ((await this.#count(table, where, connection)) > 0) return
    fail(
      `Expected ${label} to exist in "${table}" (${json(where)}), but it does not.\n` +
        (await this.#describe(table, where, connection)),
      0,
      1
    )
  }

  /** Asserts the model's row is gone (a soft-deleted row is still there). */
  async assertModelMissing(model: LucidRow): Promise<void> {
    const { table, connection, where, label } = locate(model)
    const found = await this.#count(table, where, connection)
    if (found === 0) return
    fail(
      `Expected ${label} to be missing from "${table}" (${json(where)}), but it exists.\n` +
        (await this.#describe(table, where, connection)),
      found,
      0
    )
  }

  /** Asserts the model's row exists with its soft delete column set. */
  async assertSoftDeleted(model: LucidRow): Promise<void> {
    const { Model, table, connection, where, label } = locate(model)
    const attribute = Model.$softDeleteColumn
    if (!attribute) {
      throw new Error(`${Model.name} does not use soft deletes: compose it with SoftDeletes`)
    }
    const column = Model.$getColumn(attribute)?.columnName ?? attribute
    const [row] = await this.#knex(connection)(table)
      .where(where)
      .whereNotNull(column)
      .count({ total: '*' })
    if (Number(row?.total ?? 0) > 0) return
    fail(
      `Expected ${label} to be soft deleted in "${table}" (${json(where)}, "${column}" not null).\n` +
        (await this.#describe(table, where, connection)),
      0,
      1
    )
  }

  /**
   * Runs `callback` and asserts it ran exactly `count` queries on the
   * connection (BEGIN, COMMIT and savepoints are not counted); the failure
   * lists the SQL that ran, which is how N+1 queries show up.
   */
  async expectQueries<T>(count: number, callback: () => Promise<T> | T): Promise<T> {
    const collection = this.#tracker.collect()
    let result: T
    try {
      result = await callback()
    } finally {
      collection.stop()
    }
    const ran = collection.queries
    if (ran.length !== count) {
      fail(
        `Expected ${plural(count, 'query', 'queries')}, but ${ran.length} ran:\n${formatQueries(ran)}`,
        ran.length,
        count
      )
    }
    return result
  }
}

/** Where a model's row lives. */
function locate(model: LucidRow) {
  const Model = model.constructor as LucidModel
  const key = Model.primaryKey
  const value = model.$primaryKeyValue
  const column = Model.$getColumn(key)?.columnName ?? key
  if (value === undefined || value === null) {
    throw new Error(`${Model.name} has no primary key value: was it persisted?`)
  }
  return {
    Model,
    table: Model.table,
    connection: Model.connection,
    where: { [column]: value } as RowConditions,
    label: `${Model.name} #${String(value)}`,
  }
}

function fail(message: string, actual: number, expected: number): never {
  const error = new AssertionError({ message, actual, expected, operator: 'strictEqual' })
  // node appends `actual !== expected` to a custom message; the counts are in ours already
  error.message = message
  throw error
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`
}

function shown(count: number, total: number): string {
  return count < total ? `first ${count} of ${total}` : `${total}`
}

function json(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item))
}

function formatRows(rows: unknown[]): string {
  return rows.map((row) => `  ${json(row)}`).join('\n')
}

function formatQueries(queries: TrackedQuery[]): string {
  if (!queries.length) return '  (none)'
  return queries
    .map((query, index) => {
      const bindings = query.bindings.length ? ` ${json(query.bindings)}` : ''
      return `  ${index + 1}. ${query.sql}${bindings}`
    })
    .join('\n')
}
