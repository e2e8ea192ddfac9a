import type { Knex } from 'knex'
import { E_INVALID_VALUE } from '../../errors.js'
import type { DialectContract } from '../../types/database.js'
import {
  connectionError,
  type ConnectionFailure,
  isMapped,
  socketFailure,
} from './connection_errors.js'
import { conflictError } from './conflict_errors.js'
import { constraintError, type ConstraintKind } from './constraint_errors.js'
import { unknownTableError } from './schema_errors.js'

const kinds: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23502': 'notNull',
  '23514': 'check',
}

/** SQLSTATEs of a connection the server ended (57P0x) or broke (08xxx), or would not open. */
const connectionCodes: Record<string, ConnectionFailure> = {
  '57P01': 'lost', // admin_shutdown: pg_terminate_backend, fast or smart shutdown
  '57P02': 'lost', // crash_shutdown
  '57P05': 'lost', // idle_session_timeout
  '08000': 'lost', // connection_exception
  '08003': 'lost', // connection_does_not_exist
  '08006': 'lost', // connection_failure
  '57P03': 'refused', // cannot_connect_now: starting up or shutting down
  '53300': 'refused', // too_many_connections
  '08001': 'refused', // sqlclient_unable_to_establish_sqlconnection
  '08004': 'refused', // sqlserver_rejected_establishment_of_sqlconnection
  '28000': 'authentication', // invalid_authorization_specification: no such role, pg_hba refusal
  '28P01': 'authentication', // invalid_password
  '3D000': 'unknownDatabase', // invalid_catalog_name: the database does not exist
}

/**
 * PgBouncer answers its own login failures with 08P01 (protocol_violation)
 * and a message: tell them apart by it, as the server's 28000/3D000 are.
 */
function poolerFailure(message: string): ConnectionFailure | undefined {
  if (/server conn crashed/.test(message)) return 'lost'
  if (/authentication failed|no such user/.test(message)) return 'authentication'
  if (/no such database|database ".*" does not exist/.test(message)) return 'unknownDatabase'
  if (
    /server login has been failing|cannot connect to server|query_wait_timeout|no more connections allowed/.test(
      message
    )
  ) {
    return 'refused'
  }
  return undefined
}

/** What pg says, without a code, once the socket is gone. */
function pgFailure(error: unknown): ConnectionFailure | undefined {
  const code = (error as PgError)?.code
  if (typeof code === 'string' && connectionCodes[code]) return connectionCodes[code]
  const message = error instanceof Error ? error.message : ''
  if (code === '08P01') return poolerFailure(message) ?? socketFailure(error)
  if (message.includes('due to connection timeout')) return 'refused'
  if (/Connection terminated|not queryable|Connection ended unexpectedly/.test(message)) {
    return 'lost'
  }
  return socketFailure(error)
}

interface PgError {
  code?: string
  table?: string
  constraint?: string
  column?: string
  detail?: string
}

/** `Key (tenant_id, email)=(1, a@b.c) already exists.` -> ['tenant_id', 'email'] */
function columnsFromDetail(detail?: string): string[] | undefined {
  const match = detail && /Key \((.+?)\)=/.exec(detail)
  return match ? match[1].split(',').map((name) => name.trim().replace(/^"|"$/g, '')) : undefined
}

/** `invalid byte sequence for encoding "UTF8": 0x00` (text) or `\u0000 cannot be converted to text` (jsonb). */
function isNulError(error: PgError & { message?: string }): boolean {
  const message = typeof error?.message === 'string' ? error.message : ''
  if (error?.code === '22021') return message.includes('0x00')
  return error?.code === '22P05' && message.includes('\\u0000')
}

/** PostgreSQL through pg. */
/** User tables of `schemas` (by default the current schema), by name. */
function userTables(
  client: Knex | Knex.Transaction,
  schemas?: string[]
): Promise<{ schemaname: string; tablename: string }[]> {
  const query = client.select('schemaname', 'tablename').from('pg_catalog.pg_tables')
  if (schemas) query.whereIn('schemaname', schemas)
  else query.whereRaw('schemaname = current_schema()')
  return query.orderBy(['schemaname', 'tablename'])
}

export const postgresDialect: DialectContract = {
  name: 'postgres',
  supportsReturning: true,
  supportsReturningStatement: true,
  supportsAdvisoryLocks: true,
  maxBindings: 65535,
  dateTimeFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSZZ",

  mapError(error, details) {
    if (isMapped(error)) return error
    const failure = pgFailure(error)
    if (failure) return connectionError(failure, error, details)
    const conflict = conflictError(error)
    if (conflict) return conflict
    const pgError = error as PgError
    if (isNulError(pgError)) {
      // query builders refuse NUL before sending; this covers raw queries
      return new E_INVALID_VALUE(
        'PostgreSQL cannot store the NUL character (\\u0000) in text or json values: strip it, ' +
          `or store binary data in a bytea column as a Buffer (${(error as Error).message})`,
        { cause: error }
      )
    }
    // 42P01 also covers "missing FROM-clause entry for table", a query mistake
    const missingTable =
      pgError?.code === '42P01' && /relation "(.+)" does not exist$/.exec((error as Error).message)
    if (missingTable) return unknownTableError(missingTable[1], error)
    const kind = typeof pgError?.code === 'string' ? kinds[pgError.code] : undefined
    if (!kind) return error
    const columns = pgError.column ? [pgError.column] : columnsFromDetail(pgError.detail)
    return constraintError(
      kind,
      { table: pgError.table, constraint: pgError.constraint, columns },
      error
    )
  },

  async getAllTables(client, schemas) {
    return (await userTables(client, schemas)).map((row) => row.tablename)
  },

  async dropAllTables(client, ignore = [], schemas) {
    const tables = (await userTables(client, schemas))
      .filter((row) => !ignore.includes(row.tablename))
      .map((row) => `${row.schemaname}.${row.tablename}`)
    if (tables.length) await client.raw('DROP TABLE IF EXISTS ?? CASCADE', [tables])
  },

  async truncate(client, table, cascade = false) {
    await client.raw(cascade ? 'TRUNCATE ?? RESTART IDENTITY CASCADE' : 'TRUNCATE ??', [table])
  },
}
