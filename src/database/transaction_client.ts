import type { Knex } from 'knex'
import { E_AFTER_COMMIT_HOOK_FAILED, E_TRANSACTION_ABORTED } from '../errors.js'
import type {
  DatabaseEvents,
  DialectContract,
  EmitterContract,
  TransactionClientContract,
  TransactionOptions,
} from '../types/database.js'
import { wasAborted } from './aborted_transactions.js'
import { BaseClient } from './base_client.js'
import { runManaged } from './managed_transaction.js'

type TransactionEvent = 'commit' | 'rollback'
type EventHandler = (trx: TransactionClientContract) => void
type AfterHook = () => void | Promise<void>

/**
 * A transaction: every query built from it runs on its one connection.
 * Nested `transaction()` calls create savepoints. `after('commit')` hooks
 * wait for the outermost transaction: a savepoint's hooks move to its
 * parent when it is released, and are dropped if it rolls back.
 */
export class TransactionClient extends BaseClient implements TransactionClientContract {
  readonly isTransaction = true as const
  readonly mode = 'dual' as const
  /** `host:port` of the write host it runs on, for `db:query` (set by the client that opened it). */
  host?: string
  /** True behind a transaction pooler (`pgbouncer: true`). */
  pooled = false
  /** SQLite: `PRAGMA query_only` is on for a read-only transaction, and turned off before it ends. */
  #queryOnly = false
  /** A transaction ends once: every listener runs at most once, then all are dropped. */
  #listeners: Record<TransactionEvent, EventHandler[]> = { commit: [], rollback: [] }
  #afterHooks: Record<TransactionEvent, AfterHook[]> = { commit: [], rollback: [] }

  constructor(
    readonly knexClient: Knex.Transaction,
    connectionName: string,
    dialect: DialectContract,
    emitter: EmitterContract<DatabaseEvents>,
    debug: boolean,
    /** The enclosing transaction, for a savepoint. */
    readonly parent?: TransactionClient
  ) {
    super(connectionName, dialect, emitter, debug)
  }

  /** True once committed or rolled back. */
  get isCompleted(): boolean {
    return this.knexClient.isCompleted()
  }

  getReadClient(): Knex.Transaction {
    return this.knexClient
  }

  getWriteClient(): Knex.Transaction {
    return this.knexClient
  }

  /** Starts a savepoint inside this transaction. */
  transaction(options?: TransactionOptions): Promise<TransactionClient>
  transaction<T>(
    callback: (trx: TransactionClient) => Promise<T>,
    options?: TransactionOptions
  ): Promise<T>
  async transaction<T>(
    callbackOrOptions?: ((trx: TransactionClient) => Promise<T>) | TransactionOptions,
    _options?: TransactionOptions
  ): Promise<T | TransactionClient> {
    const open = async () => {
      const knexTrx = await this.knexClient.transaction()
      const savepoint = new TransactionClient(
        knexTrx,
        this.connectionName,
        this.dialect,
        this.emitter,
        this.debug,
        this
      )
      savepoint.host = this.host
      savepoint.pooled = this.pooled
      savepoint.wipeIgnoreTables = this.wipeIgnoreTables
      return savepoint
    }
    if (typeof callbackOrOptions === 'function') return runManaged(await open(), callbackOrOptions)
    return open()
  }

  /**
   * Makes the connection refuse writes (SQLite's `PRAGMA query_only`) until
   * this transaction commits or rolls back: SQLite has no read-only BEGIN,
   * and its connection is shared by every query of the process.
   */
  async refuseWritesUntilEnd(): Promise<void> {
    await this.knexClient.raw('PRAGMA query_only = ON')
    this.#queryOnly = true
  }

  /** Turns `query_only` off again before COMMIT/ROLLBACK hands the connection back. */
  async #allowWrites() {
    if (!this.#queryOnly) return
    this.#queryOnly = false
    await this.knexClient.raw('PRAGMA query_only = OFF').catch(() => {})
  }

  /** Commits (releases the savepoint, for a nested transaction). */
  async commit(): Promise<void> {
    await this.#allowWrites()
    if (wasAborted(this)) {
      // PostgreSQL would answer COMMIT with a rollback: say so instead of resolving
      await this.rollback()
      throw new E_TRANSACTION_ABORTED(
        `Cannot commit: a statement of this transaction failed on connection "${this.connectionName}", ` +
          'so PostgreSQL aborted it and nothing was committed. Run the statements that may fail ' +
          'in a savepoint (trx.transaction(...)) to keep the transaction usable'
      )
    }
    const failure = await this.#settle(this.knexClient.commit())
    if (failure !== undefined) {
      // nothing was committed (or nobody can tell, when the connection died on COMMIT):
      // the rollback side runs, never the after-commit hooks
      this.#emit('rollback')
      await this.#runAfterHooks('rollback')
      throw failure
    }
    this.#emit('commit')
    if (this.parent && !this.parent.isCompleted) {
      this.parent.#adopt(this.#afterHooks)
    } else {
      await this.#runCommitHooks()
    }
  }

  /** Rolls back (to the savepoint, for a nested transaction). */
  async rollback(): Promise<void> {
    // already committed (or rolled back): nothing to undo, and no rollback listener may run
    // for work that was committed; a failed COMMIT ran the rollback side already
    if (this.isCompleted) return
    await this.#allowWrites()
    // a ROLLBACK that fails (dead connection) still ends the work: the server discards it
    const failure = await this.#settle(this.knexClient.rollback())
    this.#emit('rollback')
    await this.#runAfterHooks('rollback')
    if (failure !== undefined) throw failure
  }

  /**
   * Waits for a COMMIT/ROLLBACK and returns its mapped failure. knex resolves
   * `commit()` and `rollback()` even when the statement fails (on a dead
   * connection, say) and only rejects `executionPromise`.
   */
  async #settle(statement: Promise<unknown>): Promise<unknown> {
    try {
      await statement
      await this.knexClient.executionPromise
      return undefined
    } catch (error) {
      // knex rejects with no reason when a ROLLBACK did not answer within 5 s
      return error === undefined ? undefined : this.dialect.mapError(error)
    }
  }

  /** Listens to this transaction's commit or rollback. */
  on(event: TransactionEvent, handler: EventHandler): this {
    this.#listeners[event].push(handler)
    return this
  }

  /** Listens to this transaction's commit or rollback, once. */
  once(event: TransactionEvent, handler: EventHandler): this {
    this.#listeners[event].push(handler)
    return this
  }

  /** Runs `handler` after the outermost transaction commits, or after this one rolls back. */
  after(event: TransactionEvent, handler: AfterHook): this {
    this.#afterHooks[event].push(handler)
    return this
  }

  /** Stops listening to this transaction's commit or rollback. */
  off(event: TransactionEvent, handler: EventHandler): this {
    this.#listeners[event] = this.#listeners[event].filter((listener) => listener !== handler)
    return this
  }

  /** How many handlers listen to `event` (none once the transaction has ended). */
  listenerCount(event: TransactionEvent): number {
    return this.#listeners[event].length
  }

  /** Runs the handlers of `event`; the transaction has ended, so every listener is dropped. */
  #emit(event: TransactionEvent) {
    const listeners = this.#listeners[event]
    this.#listeners = { commit: [], rollback: [] }
    for (const listener of listeners) listener(this)
  }

  /** Takes a released savepoint's hooks: they now wait for this transaction. */
  #adopt(hooks: Record<TransactionEvent, AfterHook[]>) {
    this.#afterHooks.commit.push(...hooks.commit)
    this.#afterHooks.rollback.push(...hooks.rollback)
  }

  /**
   * Runs every `after('commit')` hook, each one even when an earlier one
   * threw. The rows are committed: a failing hook must not make the commit
   * look failed (a caller would retry and write twice), so, as in Lucid,
   * commit() resolves; unlike Lucid, the failure is reported, not dropped.
   */
  async #runCommitHooks() {
    const hooks = this.#afterHooks.commit
    this.#afterHooks = { commit: [], rollback: [] }
    for (const hook of hooks) {
      try {
        await hook()
      } catch (error) {
        this.#reportCommitHookFailure(error)
      }
    }
  }

  /** `db:after_commit:error` to its listeners, else a process warning: never silent. */
  #reportCommitHookFailure(error: unknown) {
    const reason = error instanceof Error ? error.message : String(error)
    const failure = new E_AFTER_COMMIT_HOOK_FAILED(
      `An after('commit') hook failed on connection "${this.connectionName}" after the ` +
        `transaction was committed (its writes are kept; do not retry the transaction): ${reason}`,
      { cause: error }
    )
    const event = { connection: this.connectionName, error: failure }
    if (this.emitter.hasListeners('db:after_commit:error')) {
      this.emitter.emit('db:after_commit:error', event)
    } else {
      process.emitWarning(failure)
    }
  }

  /**
   * Runs the rollback hooks, each whatever the others do: the transaction is
   * rolled back already, so a failing hook neither replaces the error that
   * caused the rollback nor makes rollback() reject. It is reported as a
   * process warning (Lucid drops it).
   */
  async #runAfterHooks(event: TransactionEvent) {
    const hooks = this.#afterHooks[event]
    this.#afterHooks = { commit: [], rollback: [] }
    for (const hook of hooks) {
      try {
        await hook()
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        process.emitWarning(
          `An after('${event}') hook failed on connection "${this.connectionName}" after the ` +
            `transaction was rolled back: ${reason}`,
          { code: 'E_AFTER_ROLLBACK_HOOK_FAILED' }
        )
      }
    }
  }
}
