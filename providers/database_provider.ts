import { Database } from '../src/database/database.js'
import { E_DB_SERVICE_NOT_BOOTED } from '../src/errors.js'
import { Adapter } from '../src/orm/adapter.js'
import { BaseModel } from '../src/orm/main.js'
import { getDatabaseService, setDatabaseService } from '../src/services/db.js'
import type { DatabaseConfig } from '../src/types/database.js'

/**
 * Wires Stratum up from a config: `register()` builds the Database, `boot()`
 * gives models their adapter and the `db` service its instance,
 * `shutdown()` closes every connection.
 *
 * @example
 * const provider = new DatabaseProvider(config)
 * provider.register()
 * await provider.boot()
 * // ... later
 * await provider.shutdown()
 */
export class DatabaseProvider {
  #db?: Database

  constructor(readonly config: DatabaseConfig) {}

  /** The Database built by `register()`. */
  get db(): Database {
    if (!this.#db) {
      throw new E_DB_SERVICE_NOT_BOOTED(
        'DatabaseProvider.db is not ready: call provider.register() first'
      )
    }
    return this.#db
  }

  /** Builds the Database (no connection is opened until used). */
  register(): void {
    this.#db ??= new Database(this.config)
  }

  /** Sets the models' adapter and the `stratum/services/db` instance. */
  async boot(): Promise<void> {
    this.register()
    BaseModel.useAdapter(new Adapter(this.db))
    setDatabaseService(this.db)
  }

  /** Closes every connection; the `db` service stops pointing at this Database. */
  async shutdown(): Promise<void> {
    if (!this.#db) return
    await this.#db.manager.closeAll()
    if (getDatabaseService() === this.#db) setDatabaseService(undefined)
  }
}
