import type { Knex } from 'knex'
import { ConnectionError } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'

/** Ids kept at most; a noted id is normally dropped by the next validation. */
const MAX_NOTED = 1000

/**
 * Keeps connections that lost their server out of the pool. A driver learns
 * that the server closed its socket only on a later I/O event, so the query
 * that failed on a dead connection can hand it back to the pool before knex
 * marks it disposed, and the next query would fail on it too. knex emits
 * `query-error` with the connection's id before releasing it; the pool's
 * `validate` then refuses the noted ones, so tarn destroys them.
 */
export class LostConnections {
  #ids = new Set<string>()

  constructor(private readonly dialect: DialectContract) {}

  /** `pool` with a `validate` that refuses noted connections, then asks the user's one. */
  pool(pool: Knex.PoolConfig = {}): Knex.PoolConfig {
    const userValidate = pool.validate
    return {
      ...pool,
      validate: (connection: { __knexUid?: string }) => {
        if (connection.__knexUid && this.#ids.delete(connection.__knexUid)) return false
        return userValidate ? userValidate(connection) : true
      },
    }
  }

  /** Notes the connection of every query of `client` that failed because it died. */
  watch(client: Knex) {
    client.on('query-error', (error: unknown, query: { __knexUid?: string }) => {
      if (!query?.__knexUid || !(this.dialect.mapError(error) instanceof ConnectionError)) return
      // knex may discard it first (its own `disposed` flag), leaving the id here: keep few
      if (this.#ids.size >= MAX_NOTED) this.#ids.delete(this.#ids.values().next().value!)
      this.#ids.add(query.__knexUid)
    })
  }
}
