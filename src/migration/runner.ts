import type { Database } from '../database/database.js'
import { Emitter } from '../database/emitter.js'
import { E_MISSING_SCHEMA_FILES, E_ROLLBACK_DISABLED, E_UNABLE_ACQUIRE_LOCK } from '../errors.js'
import type { BaseSchema } from '../schema/base_schema.js'
import type {
  MigratorConfig,
  QueryClientContract,
  TransactionClientContract,
} from '../types/database.js'
import type {
  MigratedFileNode,
  MigrationFile,
  MigrationListNode,
  MigratorEvents,
  MigratorOptions,
} from '../types/migrator.js'
import { migrationLock, type MigrationLock } from './lock.js'
import { assertSourcePaths, loadDefaultClass, sourceFiles } from './source.js'

/** A row of the schema table. */
interface SchemaRow {
  id: number
  name: string
  batch: number
  migration_time: Date | string | null
}

/** A date column as the driver returns it (SQLite: a UTC string). */
function toDate(value: Date | string | null): Date | undefined {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return value
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`)
}

/**
 * Runs migration files up or down on one connection, recording them in
 * the schema table. Prints nothing: read `status`, `error` and
 * `migratedFiles`, or listen to its events.
 *
 * @example
 * const migrator = new Migrator(db, { direction: 'up' })
 * await migrator.run()
 * if (migrator.status === 'error') console.error(migrator.error)
 * await migrator.close()
 */
export class Migrator {
  /** `pending` until run; `skipped` when there was nothing to do. */
  status: 'pending' | 'completed' | 'skipped' | 'error' = 'pending'
  /** The error that stopped the run. */
  error: null | Error = null
  /** The files of this run, by name, in the order they run. */
  migratedFiles: Record<string, MigratedFileNode> = {}
  readonly direction: 'up' | 'down'
  readonly dryRun: boolean
  readonly connectionName: string

  #emitter = new Emitter<MigratorEvents>()
  #client: QueryClientContract
  #config: Required<Omit<MigratorConfig, 'disableRollbacksInProduction'>> &
    Pick<MigratorConfig, 'disableRollbacksInProduction'>
  #cwd: string
  #wasConnected: boolean
  #lock?: MigrationLock

  constructor(
    private db: Database,
    private options: MigratorOptions
  ) {
    this.direction = options.direction
    this.dryRun = options.dryRun ?? false
    this.connectionName = options.connectionName ?? db.primaryConnectionName
    this.#cwd = options.cwd ?? process.cwd()
    this.#wasConnected = db.manager.isConnected(this.connectionName)
    this.#client = db.connection(this.connectionName)
    const config = db.getRawConnection(this.connectionName)?.config.migrations ?? {}
    this.#config = {
      paths: config.paths ?? ['./database/migrations'],
      tableName: config.tableName ?? 'stratum_schema',
      disableTransactions: config.disableTransactions ?? false,
      naturalSort: config.naturalSort ?? false,
      disableRollbacksInProduction: config.disableRollbacksInProduction,
    }
  }

  /** Name of the schema table. */
  get tableName(): string {
    return this.#config.tableName
  }

  /** Listens to a run's events (`migration:completed` ...). */
  on<Name extends keyof MigratorEvents>(
    event: Name,
    handler: (payload: MigratorEvents[Name]) => void
  ): this {
    this.#emitter.on(event, handler)
    return this
  }

  /**
   * Runs the pending files (`up`) or rolls back (`down`). Never throws for
   * a failed migration or a held lock: sets `status` to `error` and `error`.
   */
  async run(): Promise<void> {
    this.status = 'pending'
    this.#emitter.emit('start', undefined)
    try {
      this.#refuseProductionRollback()
      // before the lock and the schema table: a mistyped path changes nothing
      assertSourcePaths(this.#cwd, this.#config.paths, this.#source)
      await this.#acquireLock()
      await this.#makeSchemaTable()
      if (this.direction === 'up') await this.#runUp()
      else await this.#runDown()
    } catch (error) {
      this.error = error as Error
    }
    try {
      await this.#releaseLock()
    } catch (error) {
      this.error ??= error as Error
    }
    if (this.error) this.status = 'error'
    else this.status = Object.keys(this.migratedFiles).length ? 'completed' : 'skipped'
    this.#emitter.emit('end', undefined)
  }

  /** Every migration: recorded ones (migrated, or corrupt when the file is gone), then pending. */
  async getList(): Promise<MigrationListNode[]> {
    const rows = await this.#rows()
    const files = await this.#files()
    const onDisk = new Set(files.map((file) => file.name))
    const recorded = new Set(rows.map((row) => row.name))
    const list: MigrationListNode[] = rows.map((row) => ({
      name: row.name,
      status: onDisk.has(row.name) ? 'migrated' : 'corrupt',
      batch: Number(row.batch),
      migrationTime: toDate(row.migration_time),
    }))
    for (const file of files) {
      if (!recorded.has(file.name)) list.push({ name: file.name, status: 'pending' })
    }
    return list
  }

  /** Releases a held lock and closes the connection if the migrator opened it. */
  async close(): Promise<void> {
    await this.#releaseLock()
    if (!this.#wasConnected) await this.db.manager.close(this.connectionName)
  }

  /** Whether the app runs in production (`NODE_ENV=production`), for `disableRollbacksInProduction`. */
  protected inProduction(): boolean {
    return process.env.NODE_ENV === 'production'
  }

  #refuseProductionRollback() {
    if (
      this.direction === 'down' &&
      this.#config.disableRollbacksInProduction &&
      this.inProduction()
    ) {
      throw new E_ROLLBACK_DISABLED(
        `Rollbacks are disabled in production for connection "${this.connectionName}". ` +
          'Unset "migrations.disableRollbacksInProduction" in the database config to allow them'
      )
    }
  }

  async #acquireLock() {
    if (this.options.disableLocks) return
    // the SQLite lock is a table: creating it would break the promise of a dry run
    if (this.dryRun && !this.#client.dialect.supportsAdvisoryLocks) return
    const lock = migrationLock(this.#client, this.#config.tableName)
    if (!(await lock.acquire())) {
      throw new E_UNABLE_ACQUIRE_LOCK(
        `Unable to acquire the migrations lock on connection "${this.connectionName}": ` +
          'another migration is running. Wait for it, or pass disableLocks (--disable-locks) if none is'
      )
    }
    this.#lock = lock
    this.#emitter.emit('acquire:lock', undefined)
  }

  async #releaseLock() {
    const lock = this.#lock
    if (!lock) return
    this.#lock = undefined
    await lock.release()
    this.#emitter.emit('release:lock', undefined)
  }

  #hasSchemaTable(): Promise<boolean> {
    return this.#client.getWriteClient().schema.hasTable(this.#config.tableName)
  }

  async #makeSchemaTable() {
    if (this.dryRun || (await this.#hasSchemaTable())) return
    this.#emitter.emit('create:schema:table', undefined)
    const knex = this.#client.getWriteClient()
    await knex.schema.createTable(this.#config.tableName, (table) => {
      table.increments('id').notNullable()
      table.string('name').notNullable()
      table.integer('batch').notNullable()
      table.timestamp('migration_time').defaultTo(knex.fn.now())
    })
  }

  /** Rows of the schema table, oldest first (none when it does not exist yet). */
  async #rows(): Promise<SchemaRow[]> {
    if (!(await this.#hasSchemaTable())) return []
    return this.#client.query<SchemaRow>().from(this.#config.tableName).orderBy('id', 'asc')
  }

  #files(): Promise<MigrationFile[]> {
    return sourceFiles(this.#cwd, this.#config.paths, this.#config.naturalSort, this.#source)
  }

  get #source() {
    return { kind: 'migrations' as const, connectionName: this.connectionName }
  }

  async #runUp() {
    const rows = await this.#rows()
    const migrated = new Set(rows.map((row) => row.name))
    const batch = rows.reduce((max, row) => Math.max(max, Number(row.batch)), 0) + 1
    for (const file of await this.#files()) {
      if (migrated.has(file.name)) continue
      this.migratedFiles[file.name] = { status: 'pending', queries: [], file, batch }
    }
    for (const node of Object.values(this.migratedFiles)) await this.#execute(node)
  }

  async #runDown() {
    const rows = await this.#rows()
    const latest = rows.reduce((max, row) => Math.max(max, Number(row.batch)), 0)
    // as in Lucid, a step of 0 or less is no step: the batch decides
    const step = this.options.step !== undefined && this.options.step > 0 ? this.options.step : 0
    const targets = step
      ? rows.slice(-step)
      : rows.filter((row) => Number(row.batch) > (this.options.batch ?? latest - 1))
    const files = new Map((await this.#files()).map((file) => [file.name, file]))
    const missing = targets.filter((row) => !files.has(row.name)).map((row) => row.name)
    if (missing.length) {
      throw new E_MISSING_SCHEMA_FILES(
        `Cannot roll back: the schema files of ${missing.join(', ')} are missing. ` +
          'Restore them, or delete their rows from the schema table'
      )
    }
    for (const row of targets.reverse()) {
      const file = files.get(row.name)!
      this.migratedFiles[row.name] = { status: 'pending', queries: [], file, batch: row.batch }
    }
    for (const node of Object.values(this.migratedFiles)) await this.#execute(node)
  }

  /** Runs one file in its own transaction (unless disabled) and records it. */
  async #execute(node: MigratedFileNode) {
    let trx: TransactionClientContract | undefined
    try {
      const Schema = await loadDefaultClass<typeof BaseSchema>(node.file, 'BaseSchema')
      const useTransaction = !this.#config.disableTransactions && !Schema.disableTransactions
      if (useTransaction) trx = await this.#client.transaction()
      const client = trx ?? this.#client
      const schema = new Schema(client, node.file.name, this.dryRun)
      this.#emitter.emit('migration:start', node)
      const response = this.direction === 'up' ? await schema.execUp() : await schema.execDown()
      if (this.dryRun) node.queries = Array.isArray(response) ? response : []
      else await this.#record(client, node)
      // a dry run undoes what the file ran itself (`this.knex()`, an awaited builder)
      if (trx) await (this.dryRun ? trx.rollback() : trx.commit())
      node.status = 'completed'
      this.#emitter.emit('migration:completed', node)
    } catch (error) {
      node.status = 'error'
      this.error = error as Error
      if (trx && !trx.isCompleted) await trx.rollback().catch(() => {})
      this.#emitter.emit('migration:error', { file: node, error })
      throw error
    }
  }

  async #record(client: QueryClientContract, node: MigratedFileNode) {
    const table = this.#config.tableName
    if (this.direction === 'up') {
      await client.insertQuery().table(table).insert({ name: node.file.name, batch: node.batch })
    } else {
      await client.query().from(table).where('name', node.file.name).delete()
    }
  }
}
