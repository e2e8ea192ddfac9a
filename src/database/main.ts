import type {
  DatabaseQueryBuilderContract,
  SimplePaginatorContract,
  WriteResult,
} from '../types/query_builder.js'
import type {
  InsertQueryBuilderContract,
  InsertResult,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReferenceBuilderContract,
} from '../types/query_values.js'
import type { UntypedRow } from '../types/rows.js'
import { DatabaseQueryBuilder as DatabaseQueryBuilderClass } from './query_builder/database.js'
import { InsertQueryBuilder as InsertQueryBuilderClass } from './query_builder/insert.js'
import { RawQueryBuilder as RawQueryBuilderClass } from './query_builder/raw.js'
import { SimplePaginator as SimplePaginatorClass } from './query_builder/paginator.js'
import { RawBuilder as RawBuilderClass } from './query_builder/static/raw.js'
import { ReferenceBuilder as ReferenceBuilderClass } from './query_builder/static/reference.js'

export { Database, type ConnectionOptions } from './database.js'
export { QueryClient } from './query_client.js'
export { TransactionClient } from './transaction_client.js'
export { ConnectionManager } from './connection/manager.js'
export { Connection } from './connection/connection.js'
export { Emitter } from './emitter.js'
export { formatQuery, prettyPrint } from './pretty_print.js'

// Each builder is exported twice under one name: the class (a value, to extend or
// construct) and the contract it implements (a type: what `db.from()`, `trx.query()`
// and the relation clients return, so one annotation fits all of them).

/** Builds and runs select, update and delete queries. */
export const DatabaseQueryBuilder = DatabaseQueryBuilderClass
export type DatabaseQueryBuilder<
  Row = UntypedRow,
  Result = Row[],
  Write = WriteResult<Row>,
> = DatabaseQueryBuilderContract<Row, Result, Write>

/** Builds and runs inserts. */
export const InsertQueryBuilder = InsertQueryBuilderClass
export type InsertQueryBuilder<
  Row = UntypedRow,
  Result = InsertResult,
> = InsertQueryBuilderContract<Row, Result>

/** An executable raw query. */
export const RawQueryBuilder = RawQueryBuilderClass
// any: what the driver returns differs per dialect (as in Lucid)
export type RawQueryBuilder<Result = any> = RawQueryBuilderContract<Result>

/** One page of rows with the maths and URLs around it. */
export const SimplePaginator = SimplePaginatorClass
export type SimplePaginator<Row> = SimplePaginatorContract<Row>

/** `db.raw()`: a raw SQL fragment for use inside queries. */
export const RawBuilder = RawBuilderClass
export type RawBuilder = RawBuilderContract

/** `db.ref()`: a column reference for use inside queries. */
export const ReferenceBuilder = ReferenceBuilderClass
export type ReferenceBuilder = ReferenceBuilderContract
