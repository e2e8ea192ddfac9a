/** Query builders, config, errors, services and the provider, through the built package. */
import { defineConfig, errors } from 'stratum'
import {
  type Database,
  type DatabaseQueryBuilder,
  type InsertQueryBuilder,
  type RawQueryBuilder,
  type SimplePaginator,
  type TransactionClient,
} from 'stratum/database'
import { BaseSchema } from 'stratum/schema'
import { BaseSeeder } from 'stratum/seeders'
import { Migrator } from 'stratum/migration'
import db, { getDatabaseService } from 'stratum/services/db'
import { DatabaseProvider } from 'stratum/database_provider'
import type {
  QueryClientContract,
  TransactionClientContract,
  UntypedRow,
} from 'stratum/types/database'
import { expectNotAny, expectTypeOf } from './helpers.js'

export const config = defineConfig({
  connection: 'sqlite',
  connections: { sqlite: { client: 'better-sqlite3', connection: { filename: ':memory:' } } },
})

export async function queryChecks(database: Database, client: QueryClientContract) {
  const query = database.from('users')
  expectNotAny(query)
  expectTypeOf(query).toEqual<DatabaseQueryBuilder>(true)
  expectNotAny(await query.first())
  expectNotAny(client.query())
  expectNotAny(client.insertQuery())
  expectTypeOf(client.insertQuery()).toEqual<InsertQueryBuilder>(true)
  expectNotAny(database.rawQuery('select 1'))
  expectTypeOf(database.rawQuery('select 1')).toEqual<RawQueryBuilder>(true)
  const page = await database.from('users').paginate(1, 10)
  expectNotAny(page.all())
  expectTypeOf(page).toEqual<SimplePaginator<UntypedRow>>(true)
  const trx = await database.transaction()
  expectTypeOf(trx).toEqual<TransactionClient>(true)
  const contract: TransactionClientContract = trx
  expectNotAny(contract)
  await database.transaction(async (inner) => {
    expectNotAny(inner)
    await inner.insertQuery().table('users').insert({ email: 'a' })
  })
  expectTypeOf(getDatabaseService()).toEqual<Database | undefined>(true)
  expectNotAny(db)
  expectNotAny(new DatabaseProvider(config))
  expectNotAny(BaseSchema)
  expectNotAny(BaseSeeder)
  expectNotAny(Migrator)

  // @ts-expect-error paginate takes numbers
  await database.from('users').paginate('1')
}

export function errorChecks(error: unknown) {
  if (error instanceof errors.E_ROW_NOT_FOUND) {
    expectTypeOf(error.code).toEqual<'E_ROW_NOT_FOUND'>(true)
    expectTypeOf(error.model).toEqual<string | undefined>(true)
    expectTypeOf(error.table).toEqual<string | undefined>(true)
    expectTypeOf(error.status).toEqual<number>(true)
  }
  expectTypeOf(errors.E_ROW_NOT_FOUND.code).toEqual<'E_ROW_NOT_FOUND'>(true)
  if (error instanceof errors.E_INVALID_QUERY) {
    expectTypeOf(error.code).toEqual<'E_INVALID_QUERY'>(true)
  }
  if (error instanceof errors.UniqueViolation) {
    expectTypeOf(error.code).toEqual<'E_UNIQUE_VIOLATION'>(true)
    expectTypeOf(error.columns).toEqual<string[]>(true)
    expectTypeOf(error.table).toEqual<string | undefined>(true)
  }
  if (error instanceof errors.DatabaseConstraintError) {
    expectTypeOf(error.code).toEqual<string>(true)
  }
  if (error instanceof errors.DeadlockDetected) {
    expectTypeOf(error.code).toEqual<'E_DEADLOCK'>(true)
    expectTypeOf(error.retryable).toEqual<true>(true)
  }
  if (error instanceof errors.E_AFTER_COMMIT_HOOK_FAILED) {
    expectTypeOf(error.committed).toEqual<true>(true)
  }
  if (error instanceof errors.StratumError) {
    expectTypeOf(error.code).toEqual<string>(true)
  }
  // @ts-expect-error a coded error's code is its literal
  const wrong: 'E_MODEL_DELETED' = new errors.E_ROW_NOT_FOUND('x').code
  return wrong
}
