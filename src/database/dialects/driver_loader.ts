/**
 * Database drivers (better-sqlite3, pg, mysql2) are optional peer
 * dependencies: an app installs the ones it uses. knex loads a driver when
 * a connection opens and, when it is missing, logs and throws "Knex: run
 * $ npm install ...". Stratum loads it first, from where knex would, and
 * throws a typed error naming the package instead.
 */
import { createRequire } from 'node:module'
import { E_DRIVER_LOAD_FAILED, E_MISSING_DRIVER } from '../../errors.js'

export type DriverLoader = (packageName: string) => unknown

const fromKnex = createRequire(createRequire(import.meta.url).resolve('knex'))

/** Loads a driver package as knex's own `require` would, so knex finds it cached. */
export const loadFromKnex: DriverLoader = (packageName) => fromKnex(packageName)

/** The entry file of a driver package, found as knex finds it. */
export const resolveFromKnex = (packageName: string): string => fromKnex.resolve(packageName)

/** True when `error` says `packageName` itself (not one of its files or dependencies) was not found. */
function isNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    code === 'MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    message.startsWith(`Cannot find module '${packageName}'`)
  )
}

/**
 * Makes sure the driver package of a connection loads; `load` is
 * replaceable so the missing case can be exercised with the package present.
 */
export function ensureDriver(
  connectionName: string,
  packageName: string,
  load: DriverLoader = loadFromKnex
): void {
  try {
    load(packageName)
  } catch (error) {
    if (isNotFound(error, packageName)) {
      throw new E_MISSING_DRIVER(
        `Connection "${connectionName}" needs the ${packageName} package, which is not installed. ` +
          `Install it in your app: npm install ${packageName}`,
        { cause: error }
      )
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new E_DRIVER_LOAD_FAILED(
      `Connection "${connectionName}" needs the ${packageName} package, which is installed but ` +
        `failed to load: ${reason}. Reinstall it for this Node.js version: npm rebuild ${packageName} ` +
        `(or npm install ${packageName})`,
      { cause: error }
    )
  }
}
