import type { Knex } from 'knex'
import type { UntypedRow } from '../../types/rows.js'
import { bindableDateTime } from '../bound_values.js'
import { ensureValueEncodable } from '../encodable.js'
import { RawQueryBuilder } from './raw.js'
import { RunnableQuery } from './runnable.js'
import { RawBuilder } from './static/raw.js'
import { ReferenceBuilder } from './static/reference.js'
import type {
  InsertQueryBuilderContract,
  InsertResult,
  InsertReturningResult,
  OnConflictContract,
} from '../../types/query_values.js'

export type { InsertResult, InsertReturningResult } from '../../types/query_values.js'

/**
 * Builds and runs insert queries (Lucid's InsertQueryBuilder). Awaiting it
 * runs the query.
 *
 * @example
 * await db.table('users').insert({ username: 'virk', email: 'virk@adonisjs.com' })
 * const rows = await db.table('users').returning('id').multiInsert([{ username: 'a' }, { username: 'b' }])
 */
export class InsertQueryBuilder<Row = UntypedRow, Result = InsertResult>
  extends RunnableQuery<Knex.QueryBuilder, Result>
  implements InsertQueryBuilderContract<Row, Result>
{
  /** Turns `db.raw()`/`db.ref()`/`db.rawQuery()` values of a row into knex objects (rows without any pass as they are). */
  #transformRow(row: Record<string, unknown>): Record<string, unknown> {
    let values: Record<string, unknown> | undefined
    const dialect = this.client.dialect.name
    for (const key in row) {
      const value = row[key]
      ensureValueEncodable(value, dialect, key)
      if (value instanceof RawBuilder || value instanceof ReferenceBuilder) {
        values ??= { ...row }
        values[key] = value.toKnex(this.client.getWriteClient())
      } else if (value instanceof RawQueryBuilder) {
        values ??= { ...row }
        values[key] = value.toKnex()
      } else if (typeof value === 'object' && value !== null) {
        const bound = bindableDateTime(value, this.client.dialect)
        if (bound !== value) (values ??= { ...row })[key] = bound
      }
    }
    return values ?? row
  }

  /** The table to insert into. */
  table(table: string): this {
    this.knexQuery.table(table)
    return this
  }

  /** Schema the table belongs to. */
  withSchema(schema: string): this {
    this.knexQuery.withSchema(schema)
    return this
  }

  /** Inserts one row. */
  insert(row: Record<string, unknown>): this {
    this.knexQuery.insert(this.#transformRow(row))
    return this
  }

  /** Inserts several rows in one statement. */
  multiInsert(rows: readonly Record<string, unknown>[]): this {
    this.knexQuery.insert(rows.map((row) => this.#transformRow(row)))
    return this
  }

  /**
   * What a row clashing with a unique key does: `.onConflict('email').ignore()`
   * or `.merge()` (an upsert). MySQL takes no columns: it uses every unique key.
   */
  onConflict(columns?: string | readonly string[]): OnConflictContract<this> {
    const conflict =
      columns === undefined
        ? this.knexQuery.onConflict()
        : typeof columns === 'string'
          ? this.knexQuery.onConflict(columns)
          : this.knexQuery.onConflict([...columns])
    return {
      ignore: () => {
        conflict.ignore()
        return this
      },
      merge: (updates) => {
        if (updates === undefined) conflict.merge()
        else if (Array.isArray(updates)) conflict.merge([...(updates as readonly string[])])
        else conflict.merge(this.#transformRow(updates as Record<string, unknown>))
        return this
      },
    }
  }

  /** Columns the insert returns (pg, sqlite); ignored on mysql, which returns `[insertId]`. */
  returning(
    columns: string | readonly string[]
  ): InsertQueryBuilder<Row, InsertReturningResult<Row>> {
    if (this.client.dialect.supportsReturning) {
      this.knexQuery.returning(typeof columns === 'string' ? [columns] : [...columns])
    }
    return this as InsertQueryBuilder<Row, InsertReturningResult<Row>>
  }
}
