/**
 * Watches every query knex runs on one connection (transactions included),
 * whether or not the connection has `debug` on.
 */
import type { Knex } from 'knex'
import type { Database } from '../database/database.js'

/** One query seen by the tracker. */
export interface TrackedQuery {
  sql: string
  bindings: readonly unknown[]
  method?: string
}

/** The queries of one collection, and how to stop it. */
export interface QueryCollection {
  readonly queries: TrackedQuery[]
  stop(): void
}

const transactionControl =
  /^\s*(begin|start transaction|commit|rollback|savepoint|release savepoint|set transaction)\b/i

const identifier = '[`"\\[]?[\\w$]+[`"\\]]?'
const writeStatement = new RegExp(
  `^\\s*(?:insert\\s+(?:ignore\\s+)?into|replace\\s+into|update(?:\\s+ignore)?|delete\\s+(?:from\\s+)?|truncate(?:\\s+table)?)\\s*((?:${identifier}\\.)?${identifier})`,
  'i'
)

/** True for BEGIN, COMMIT, ROLLBACK and savepoint statements. */
export function isTransactionControl(sql: string): boolean {
  return transactionControl.test(sql)
}

/** The table an insert, update, delete or truncate statement writes to. */
export function writtenTable(sql: string): string | undefined {
  const match = writeStatement.exec(sql)
  if (!match) return undefined
  const name = match[1].split('.').at(-1)!
  return name.replace(/[`"[\]]/g, '')
}

/**
 * Listens to knex's `query` event on the connection's knex instances (knex
 * forwards the events of transactions to them) and hands each query to the
 * open collections. Transaction control statements are left out.
 */
export class QueryTracker {
  readonly #collections = new Set<TrackedQuery[]>()
  readonly #watched = new WeakSet<Knex>()

  constructor(
    readonly db: Database,
    readonly connectionName: string
  ) {}

  #onQuery = (query: { sql?: string; bindings?: readonly unknown[]; method?: string }) => {
    if (!this.#collections.size || !query.sql || isTransactionControl(query.sql)) return
    const tracked = { sql: query.sql, bindings: query.bindings ?? [], method: query.method }
    for (const collection of this.#collections) collection.push(tracked)
  }

  /** Listens to the connection's current knex instances (they change when it reconnects). */
  #watch() {
    const connection = this.db.manager.open(this.connectionName)
    for (const knex of [connection.client!, ...connection.readClients]) {
      if (this.#watched.has(knex)) continue
      knex.on('query', this.#onQuery)
      this.#watched.add(knex)
    }
  }

  /** Starts collecting the queries of the connection until `stop()`. */
  collect(): QueryCollection {
    this.#watch()
    const queries: TrackedQuery[] = []
    this.#collections.add(queries)
    return { queries, stop: () => this.#collections.delete(queries) }
  }
}
