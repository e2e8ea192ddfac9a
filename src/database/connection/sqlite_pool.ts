/**
 * A SQLite pool holds no socket: its only handle on the event loop is
 * tarn's reaping interval (idle connections are checked every second),
 * which would keep a script that never closes its Database running
 * forever. The interval is unref'd, so the process exits once nothing
 * else is pending; pg and mysql keep theirs (their sockets hold the loop
 * anyway, and closing is required there).
 */
import type { Knex } from 'knex'

/** The part of tarn's Pool this needs (tarn ships no typings for internals). */
interface TarnPool {
  interval: { unref(): void } | null
  _startReaping(): void
}

/** Makes the reaping timer of `instance`'s pool not keep the process alive. */
export function releaseEventLoop(instance: Knex): Knex {
  const pool = (instance.client as { pool?: TarnPool }).pool
  if (!pool || typeof pool._startReaping !== 'function') return instance
  const startReaping = pool._startReaping
  pool._startReaping = function (this: TarnPool) {
    startReaping.call(this)
    this.interval?.unref()
  }
  return instance
}
