import type { DialectContract } from '../../types/database.js'
import { constraintError, type ConstraintKind } from './constraint_errors.js'

const kinds: Record<string, ConstraintKind> = {
  '23505': 'unique',
  '23503': 'foreignKey',
  '23502': 'notNull',
  '23514': 'check',
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

/** PostgreSQL through pg. */
export const postgresDialect: DialectContract = {
  name: 'postgres',
  supportsReturning: true,
  supportsAdvisoryLocks: true,
  maxBindings: 65535,
  dateTimeFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSZZ",

  mapError(error) {
    const pgError = error as PgError
    const kind = typeof pgError?.code === 'string' ? kinds[pgError.code] : undefined
    if (!kind) return error
    const columns = pgError.column ? [pgError.column] : columnsFromDetail(pgError.detail)
    return constraintError(
      kind,
      { table: pgError.table, constraint: pgError.constraint, columns },
      error
    )
  },

  async getAllTables(client) {
    const rows: { tablename: string }[] = await client
      .select('tablename')
      .from('pg_catalog.pg_tables')
      .whereRaw('schemaname = current_schema()')
      .orderBy('tablename')
    return rows.map((row) => row.tablename)
  },

  async dropAllTables(client, ignore = []) {
    const tables = (await this.getAllTables(client)).filter((table) => !ignore.includes(table))
    if (tables.length) await client.raw('DROP TABLE IF EXISTS ?? CASCADE', [tables])
  },

  async truncate(client, table, cascade = false) {
    await client.raw(cascade ? 'TRUNCATE ?? RESTART IDENTITY CASCADE' : 'TRUNCATE ??', [table])
  },
}
