/**
 * The default `Database`, booted by `DatabaseProvider`:
 * `import db from 'stratum/services/db'`. Using it before the provider
 * booted throws `E_DB_SERVICE_NOT_BOOTED`.
 */
import { Database } from '../database/database.js'
import { E_DB_SERVICE_NOT_BOOTED } from '../errors.js'

let booted: Database | undefined

/** Points the service at a Database (the provider does it), or clears it. */
export function setDatabaseService(database: Database | undefined): void {
  booted = database
}

/** The Database behind the service, when one is booted. */
export function getDatabaseService(): Database | undefined {
  return booted
}

function current(): Database {
  if (!booted) {
    throw new E_DB_SERVICE_NOT_BOOTED(
      'The db service is not ready: boot a DatabaseProvider (new DatabaseProvider(config), ' +
        'register(), boot()) before importing "stratum/services/db" for queries'
    )
  }
  return booted
}

// a proxy, so modules can import `db` before the provider boots
const db = new Proxy(Object.create(Database.prototype) as Database, {
  get(_target, property) {
    const instance = current()
    const value = Reflect.get(instance, property, instance)
    // methods use private fields: call them on the real instance
    return typeof value === 'function' ? value.bind(instance) : value
  },
  set(_target, property, value) {
    return Reflect.set(current(), property, value)
  },
  has(_target, property) {
    return Reflect.has(current(), property)
  },
})

export default db
