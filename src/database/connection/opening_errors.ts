/**
 * Maps the failures of opening a connection where knex opens them, so every
 * path (queries, transactions, schema builder, migrations, streams) gets the
 * same typed error, and the error can say where the connection was going.
 */
import { isAbsolute, resolve } from 'node:path'
import type { Knex } from 'knex'
import type { ConnectionDetails } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'
import { acquireTimeoutError, isAcquireTimeout, type PoolInternals } from './acquire_timeout.js'

/** The parts of knex's client this needs (knex ships no typings for them). */
interface KnexClientInternals extends PoolInternals {
  connectionSettings?: unknown
  acquireConnection(): Promise<unknown>
}

/** `postgres://bob@db.local:5433/app` -> host, port, user, database. */
function detailsOfUrl(url: string): ConnectionDetails {
  try {
    const parsed = new URL(url)
    return {
      host: parsed.hostname || undefined,
      port: parsed.port ? Number(parsed.port) : undefined,
      user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      database:
        parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : undefined,
    }
  } catch {
    return {}
  }
}

/** Where a connection goes, from knex's connection settings; never the password. */
export function connectionDetails(name: string, settings: unknown): ConnectionDetails {
  if (typeof settings === 'string') return { connection: name, ...detailsOfUrl(settings) }
  const given = (settings ?? {}) as Record<string, unknown>
  const fromUrl =
    typeof given.connectionString === 'string' ? detailsOfUrl(given.connectionString) : {}
  const pick = (key: string) =>
    typeof given[key] === 'string' ? (given[key] as string) : undefined
  const port = Number(given.port)
  const filename = pick('filename')
  return {
    connection: name,
    host: pick('host') ?? fromUrl.host,
    port: Number.isInteger(port) && port > 0 ? port : fromUrl.port,
    user: pick('user') ?? fromUrl.user,
    database: pick('database') ?? fromUrl.database,
    filename:
      filename === undefined || filename === ':memory:' || isAbsolute(filename)
        ? filename
        : resolve(filename),
  }
}

/**
 * Wraps `knex.client.acquireConnection`, which every query, transaction and
 * schema statement goes through, to throw the dialect's typed error for a
 * connection that could not be opened, and AcquireConnectionTimeout for a
 * pool that had none to lend in time. Transaction clients inherit it.
 */
export function mapOpeningErrors(instance: Knex, name: string, dialect: DialectContract): Knex {
  const client = instance.client as KnexClientInternals
  const acquire = client.acquireConnection
  client.acquireConnection = async function (this: KnexClientInternals) {
    try {
      return await acquire.call(this)
    } catch (error) {
      if (isAcquireTimeout(error)) throw acquireTimeoutError(name, this, error)
      throw dialect.mapError(error, connectionDetails(name, this.connectionSettings))
    }
  }
  return instance
}
