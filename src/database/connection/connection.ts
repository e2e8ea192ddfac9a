import knex, { type Knex } from 'knex'
import { E_INVALID_REPLICAS_CONFIG, E_UNMANAGED_DB_CONNECTION } from '../../errors.js'
import type {
  ConnectionConfig,
  ConnectionContract,
  DatabaseLogger,
  DialectContract,
} from '../../types/database.js'
import { ensureDriver } from '../dialects/driver_loader.js'
import { resolveDriver } from '../dialects/main.js'
import { withPgDateTypes } from '../dialects/pg_dates.js'
import { checkConnectionConfig } from './config_checks.js'
import { knexLog } from './knex_log.js'
import { LostConnections } from './lost_connections.js'
import { connectionDetails, mapOpeningErrors } from './opening_errors.js'
import { ReadHosts } from './read_hosts.js'
import { releaseEventLoop } from './sqlite_pool.js'

/** Config keys that are ours and never reach knex. */
const stratumKeys = new Set([
  'client',
  'connection',
  'replicas',
  'debug',
  'migrations',
  'seeders',
  'wipe',
  'foreignKeys',
  'healthCheck',
  'pgbouncer',
])

/** What `disconnect()` needs of a transaction left open: a way to end it. */
export interface OpenTransaction {
  rollback(): Promise<void>
}

/**
 * One named connection: a knex instance for writes and, with replicas,
 * one knex instance per read host, picked in turn for each select. knex
 * opens its pool lazily, so creating a Connection touches no server.
 */
export class Connection implements ConnectionContract {
  readonly dialect: DialectContract
  readonly knexClientName: string
  /** What knex is given as `client`: the name, or Stratum's client class for SQLite. */
  readonly #knexClient: string | (new (config: Knex.Config) => unknown)
  /** Knex instance writes (and, without replicas, reads) go through. */
  client?: Knex
  /** One knex instance per read replica. */
  readClients: Knex[] = []
  /** Rotation and health of the read replicas (set with `readClients`). */
  readHosts?: ReadHosts
  /** `host:port` (or the SQLite file) of the write host, as `db:query` reports it. */
  primaryHost = ''
  /** `replicas.sticky`: after a write in a sticky context, its reads go to the primary. */
  readonly sticky: boolean
  /** `pgbouncer: true`: a transaction pooler sits between us and the server. */
  readonly pooled: boolean
  #lostConnections: LostConnections
  /** Transactions begun on the write instance and not yet committed or rolled back. */
  #openTransactions = new Set<OpenTransaction>()
  /** Set once the manager forgot this connection's config (release, patch). */
  #retired = false
  /**
   * Called each time `connect()` creates the knex instances, also when a
   * client still held after a close reconnects lazily: the manager then
   * tracks the reopened pools and closes them again.
   */
  onConnect?: () => void

  /**
   * `logger` receives knex's own log lines (see knex_log.ts); a `log` option
   * in the config still wins, as knex's own.
   */
  constructor(
    readonly name: string,
    readonly config: ConnectionConfig,
    readonly logger?: DatabaseLogger
  ) {
    const driver = resolveDriver(name, config.client)
    ensureDriver(name, driver.knexClient)
    this.dialect = driver.dialect
    this.knexClientName = driver.knexClient
    this.#knexClient = driver.clientClass ?? driver.knexClient
    this.#lostConnections = new LostConnections(this.dialect)
    this.#validateReplicas()
    this.sticky = config.replicas?.sticky === true
    this.pooled = (config as { pgbouncer?: boolean }).pgbouncer === true
    checkConnectionConfig(name, config)
  }

  /** True when reads and writes go to different hosts. */
  get hasReadWriteReplicas(): boolean {
    return this.readClients.length > 0
  }

  /** True once `connect()` ran and `disconnect()` has not. */
  get isReady(): boolean {
    return this.client !== undefined
  }

  #validateReplicas() {
    const replicas = this.config.replicas
    if (!replicas) return
    const read = replicas.read?.connection
    if (!replicas.write?.connection || !Array.isArray(read) || read.length === 0) {
      throw new E_INVALID_REPLICAS_CONFIG(
        `Connection "${this.name}" has an invalid "replicas" config: it needs ` +
          `"write: { connection: {...} }" and "read: { connection: [{...}, ...] }" with at least one read host`
      )
    }
    if (replicas.sticky !== undefined && typeof replicas.sticky !== 'boolean') {
      throw new E_INVALID_REPLICAS_CONFIG(
        `Connection "${this.name}" has an invalid "replicas.sticky": use true or false`
      )
    }
    for (const key of ['retryAfter', 'maxRetryAfter'] as const) {
      const value = replicas[key]
      if (value !== undefined && !(typeof value === 'number' && value >= 0 && value < Infinity)) {
        throw new E_INVALID_REPLICAS_CONFIG(
          `Connection "${this.name}" has an invalid "replicas.${key}": use a number of milliseconds >= 0`
        )
      }
    }
  }

  /** `host:port` of a knex instance's server, or its SQLite file. */
  #hostLabel(instance: Knex): string {
    const settings = (instance.client as { connectionSettings?: unknown }).connectionSettings
    const details = connectionDetails(this.name, settings)
    if (details.filename !== undefined) return details.filename
    const host = details.host ?? 'localhost'
    return details.port === undefined ? host : `${host}:${details.port}`
  }

  /** The knex config shared by the write and read instances. */
  #baseKnexConfig(): Knex.Config {
    const options: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(this.config)) {
      if (!stratumKeys.has(key)) options[key] = value
    }
    const config: Knex.Config = {
      ...options,
      log: { ...knexLog(this.logger), ...(options.log as Knex.Logger | undefined) },
      client: this.#knexClient as Knex.Config['client'],
    }
    if (this.dialect.name === 'sqlite') {
      config.useNullAsDefault = this.config.useNullAsDefault ?? true
      if ((this.config as { foreignKeys?: boolean }).foreignKeys !== false) {
        config.pool = { ...config.pool, afterCreate: this.#enableSqliteForeignKeys(config.pool) }
      }
    }
    return config
  }

  /** SQLite leaves foreign keys off by default; every new connection turns them on. */
  #enableSqliteForeignKeys(pool?: Knex.PoolConfig) {
    const userAfterCreate = pool?.afterCreate
    return (
      raw: { pragma(sql: string): unknown },
      done: (error: Error | null, conn: unknown) => void
    ) => {
      try {
        raw.pragma('foreign_keys = ON')
      } catch (error) {
        return done(error as Error, raw)
      }
      if (userAfterCreate) userAfterCreate(raw, done)
      else done(null, raw)
    }
  }

  /**
   * mysql2 reads BIGINT and DECIMAL values past 2^53 as rounded numbers;
   * with supportBigNumbers they come back as strings (pg returns every
   * int8 as a string), smaller ones stay numbers. The config can override it.
   */
  #driverDefaults<Connection>(connection: Connection): Connection {
    if (this.dialect.name === 'postgres') return withPgDateTypes(connection)
    if (this.dialect.name !== 'mysql' || typeof connection !== 'object' || connection === null) {
      return connection
    }
    return { supportBigNumbers: true, bigNumberStrings: false, ...connection }
  }

  /** Merges a base connection value (object or URL string) with a replica's. */
  #mergeConnection(base: unknown, replica: object) {
    if (typeof base === 'string') return { connectionString: base, ...replica }
    return { ...(base as object | undefined), ...replica }
  }

  /** A knex instance whose pool never hands out a connection that lost its server. */
  #knex(config: Knex.Config): Knex {
    if (this.dialect.name === 'sqlite') {
      return mapOpeningErrors(releaseEventLoop(knex(config)), this.name, this.dialect)
    }
    const client = knex({ ...config, pool: this.#lostConnections.pool(config.pool) })
    this.#lostConnections.watch(client)
    return mapOpeningErrors(client, this.name, this.dialect)
  }

  /**
   * Refuses every later use: the manager forgot this config (release, or a
   * patch replaced it), so pools opened now would be closed by no one.
   */
  retire() {
    this.#retired = true
  }

  /** Creates the knex instances. Idempotent. */
  connect() {
    if (this.client) return
    if (this.#retired) {
      throw new E_UNMANAGED_DB_CONNECTION(
        `Connection "${this.name}" was released or its config was replaced. ` +
          `Get a new client with db.connection("${this.name}")`
      )
    }
    this.#createClients()
    this.onConnect?.()
  }

  #createClients() {
    const base = this.#baseKnexConfig()
    const replicas = this.config.replicas
    if (!replicas) {
      this.client = this.#knex({
        ...base,
        connection: this.#driverDefaults(this.config.connection as Knex.StaticConnectionConfig),
      })
      this.primaryHost = this.#hostLabel(this.client)
      return
    }
    this.client = this.#knex({
      ...base,
      connection: this.#driverDefaults(
        this.#mergeConnection(this.config.connection, replicas.write.connection)
      ),
      pool: { ...base.pool, ...replicas.write.pool },
    })
    this.readClients = replicas.read.connection.map((host) =>
      this.#knex({
        ...base,
        connection: this.#driverDefaults(this.#mergeConnection(this.config.connection, host)),
        pool: { ...base.pool, ...replicas.read.pool },
      })
    )
    this.primaryHost = this.#hostLabel(this.client)
    this.readHosts = new ReadHosts(
      this.name,
      this.readClients,
      this.readClients.map((client) => this.#hostLabel(client)),
      replicas.retryAfter,
      replicas.maxRetryAfter
    )
  }

  /** The write knex instance (connecting first when needed). */
  getClient(): Knex {
    if (!this.client) this.connect()
    return this.client!
  }

  /**
   * The next read knex instance: the replicas in turn, skipping those out of
   * rotation (read_hosts.ts); the write instance without replicas or when all are out.
   */
  getReadClient(): Knex {
    if (!this.client) this.connect()
    if (!this.readHosts) return this.client!
    const index = this.readHosts.pick()
    return index < 0 ? this.client! : this.readClients[index]
  }

  /**
   * Remembers a transaction until `ended` settles, so `disconnect()` can roll
   * it back: a pool is only destroyed once every connection it lent is back,
   * and a transaction holds one until it ends.
   */
  trackTransaction(transaction: OpenTransaction, ended: Promise<unknown>) {
    this.#openTransactions.add(transaction)
    const forget = () => this.#openTransactions.delete(transaction)
    ended.then(forget, forget)
  }

  /**
   * Rolls back the transactions still open, then destroys every pool; the
   * next `connect()` starts afresh. Without the rollbacks, closing while a
   * transaction is open would wait forever for its connection.
   */
  async disconnect() {
    const open = [...this.#openTransactions]
    this.#openTransactions.clear()
    // a failed ROLLBACK still ends the transaction: its connection goes back to the pool
    await Promise.all(open.map((transaction) => transaction.rollback().catch(() => {})))
    const clients = [this.client, ...this.readClients].filter((client) => client !== undefined)
    this.client = undefined
    this.readClients = []
    this.readHosts = undefined
    await Promise.all(clients.map((client) => client.destroy()))
  }
}
