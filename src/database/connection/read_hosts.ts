import type { Knex } from 'knex'
import { AcquireConnectionTimeout, ConnectionError } from '../../errors.js'
import type { DatabaseEvents, EmitterContract } from '../../types/query_client.js'

/** Back-off of a replica that just failed, doubled at each failure in a row (ms). */
export const DEFAULT_RETRY_AFTER = 1000
/** Longest back-off (ms). */
export const DEFAULT_MAX_RETRY_AFTER = 30_000

/**
 * The read replicas of one connection and their health. Selects take the
 * next healthy replica in turn; a replica whose connection was refused or
 * lost leaves the rotation for a back-off (doubled at each failure in a
 * row), then gets the next select as a trial. While every replica is out,
 * `pick()` answers -1: the read goes to the primary.
 */
export class ReadHosts {
  /** Time (Date.now()) before which replica i is not picked; 0 while it is healthy. */
  #downUntil: number[]
  /** Failures in a row of replica i. */
  #failures: number[]
  /** How many replicas are out or on trial: 0 keeps `pick()` free of clock reads. */
  #unhealthy = 0
  #next = 0

  constructor(
    readonly connectionName: string,
    readonly clients: Knex[],
    /** `host:port` of each replica, for events. */
    readonly labels: string[],
    readonly retryAfter = DEFAULT_RETRY_AFTER,
    readonly maxRetryAfter = DEFAULT_MAX_RETRY_AFTER
  ) {
    this.#downUntil = clients.map(() => 0)
    this.#failures = clients.map(() => 0)
  }

  /** Index of the replica the next read goes to, or -1 (the primary) when all are out. */
  pick(): number {
    const count = this.clients.length
    if (this.#unhealthy === 0) {
      const index = this.#next
      this.#next = index + 1 === count ? 0 : index + 1
      return index
    }
    const now = Date.now()
    for (let step = 0; step < count; step++) {
      const index = (this.#next + step) % count
      if (this.#downUntil[index] <= now) {
        this.#next = (index + 1) % count
        return index
      }
    }
    return -1
  }

  /** True for a failure that says the replica cannot serve (as opposed to a bad query). */
  static isHostFailure(error: unknown): boolean {
    return error instanceof ConnectionError || error instanceof AcquireConnectionTimeout
  }

  /** Takes replica `index` out of the rotation and reports it through `db:replica:down`. */
  markDown(index: number, error: Error, emitter: EmitterContract<DatabaseEvents>) {
    if (this.#failures[index] === 0) this.#unhealthy++
    const failures = ++this.#failures[index]
    const longest = Math.max(this.maxRetryAfter, this.retryAfter)
    const retryInMs = Math.min(this.retryAfter * 2 ** (failures - 1), longest)
    this.#downUntil[index] = Date.now() + retryInMs
    emitter.emit('db:replica:down', {
      connection: this.connectionName,
      host: this.labels[index],
      error,
      failures,
      retryInMs,
    })
  }

  /** Called after a read succeeded on replica `index`: back in rotation if it was out. */
  markUp(index: number, emitter: EmitterContract<DatabaseEvents>) {
    if (this.#failures[index] === 0) return
    this.#failures[index] = 0
    this.#downUntil[index] = 0
    this.#unhealthy--
    emitter.emit('db:replica:up', { connection: this.connectionName, host: this.labels[index] })
  }

  /** True while replica `index` had failures and no success since. */
  isUnhealthy(index: number): boolean {
    return this.#failures[index] > 0
  }
}
