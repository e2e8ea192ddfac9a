import type { Knex } from 'knex'
import { RunnableQuery } from './runnable.js'
import type { RawQueryBuilderContract } from '../../types/query_values.js'

/**
 * An executable raw query (`db.rawQuery('select * from users where id = ?', [1])`).
 * It may write, so it runs on the write host, unless its client was opened in
 * `read` mode (`{ mode: 'read' }`): then on the read host. The result is what the
 * driver returns (pg: a result object with `rows`; mysql: `[rows, fields]`;
 * sqlite: rows for reads, `{ changes }` for writes).
 *
 * @example
 * const result = await db.rawQuery('select count(*) as total from users')
 */
export class RawQueryBuilder<Result = unknown>
  extends RunnableQuery<Knex.Raw, Result>
  implements RawQueryBuilderContract<Result>
{
  /** The write host, except on a client the caller opened in `read` mode. */
  protected runsOnWriteHost(): boolean {
    return this.client.mode !== 'read'
  }

  /** Wraps the SQL, e.g. `wrap('(', ')')` to use it as a sub query. */
  wrap(before: string, after: string): this {
    this.knexQuery.wrap(before, after)
    return this
  }
}
