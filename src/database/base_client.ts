import type { Knex } from 'knex'
import type {
  DatabaseEvents,
  DialectContract,
  EmitterContract,
  QueryClientContract,
  QueryClientMode,
  TransactionClientContract,
  TransactionOptions,
  UntypedRow,
} from '../types/database.js'
import type { DatabaseQueryBuilderContract } from '../types/query_builder.js'
import type {
  InsertQueryBuilderContract,
  RawBuilderContract,
  RawQueryBuilderContract,
  ReferenceBuilderContract,
} from '../types/query_values.js'
import { E_INVALID_QUERY } from '../errors.js'
import { DatabaseQueryBuilder } from './query_builder/database.js'
import { InsertQueryBuilder } from './query_builder/insert.js'
import { RawQueryBuilder } from './query_builder/raw.js'
import { RawBuilder } from './query_builder/static/raw.js'
import { ReferenceBuilder } from './query_builder/static/reference.js'
import * as schemaObjects from './schema_objects.js'

type Bindings = Knex.RawBinding[] | Knex.ValueDict

/**
 * What `QueryClient` and `TransactionClient` share: building the query
 * builders, and the schema helpers that only need a knex instance.
 */
export abstract class BaseClient implements QueryClientContract {
  abstract readonly mode: QueryClientMode
  abstract readonly isTransaction: boolean
  /** Tables `dropAllTables()` keeps: the connection's `wipe.ignoreTables` (set by the query client). */
  wipeIgnoreTables: readonly string[] = []

  constructor(
    readonly connectionName: string,
    readonly dialect: DialectContract,
    readonly emitter: EmitterContract<DatabaseEvents>,
    readonly debug: boolean
  ) {}

  abstract getReadClient(): Knex | Knex.Transaction
  abstract getWriteClient(): Knex | Knex.Transaction
  abstract transaction(options?: TransactionOptions): Promise<TransactionClientContract>
  abstract transaction<T>(
    callback: (trx: TransactionClientContract) => Promise<T>,
    options?: TransactionOptions
  ): Promise<T>

  /** knex's schema builder on the write side (inside a transaction, the transaction's). */
  get schema(): Knex.SchemaBuilder {
    this.ensureWritable('change the schema')
    return this.getWriteClient().schema
  }

  /** Throws when this client cannot `action` (a query client opened in read mode). */
  protected ensureWritable(_action: string): void {}

  /** A bare knex query builder; the runner routes it to the read or write host. */
  knexQuery(): Knex.QueryBuilder {
    return this.getWriteClient().queryBuilder()
  }

  /** A bare knex raw query bound to this client. */
  knexRawQuery(sql: string, bindings?: Bindings): Knex.Raw {
    const client = this.getWriteClient()
    return bindings ? client.raw(sql, bindings) : client.raw(sql)
  }

  /** Query builder for selects, updates and deletes. */
  query<Row = UntypedRow>(): DatabaseQueryBuilderContract<Row> {
    return new DatabaseQueryBuilder<Row>(this.knexQuery(), this)
  }

  /** Query builder for inserts. */
  insertQuery<Row = UntypedRow>(): InsertQueryBuilderContract<Row> {
    return new InsertQueryBuilder<Row>(this.knexQuery(), this)
  }

  /** Executable raw query: `await client.rawQuery('select ?', [1])`. */
  rawQuery<Result = any>(sql: string, bindings?: Bindings): RawQueryBuilderContract<Result> {
    return new RawQueryBuilder<Result>(this.knexRawQuery(sql, bindings), this)
  }

  /** `query().from(table)`. */
  from<Row = UntypedRow>(
    table: string | Record<string, string>
  ): DatabaseQueryBuilderContract<Row> {
    return this.query<Row>().from(table)
  }

  /** `insertQuery().table(table)`. */
  table<Row = UntypedRow>(table: string): InsertQueryBuilderContract<Row> {
    return this.insertQuery<Row>().table(table)
  }

  /** A raw SQL fragment for use inside other queries. */
  raw(sql: string, bindings?: Bindings): RawBuilderContract {
    return new RawBuilder(sql, bindings as Knex.RawBinding[])
  }

  /** A column reference for use inside other queries. */
  ref(reference: string): ReferenceBuilderContract {
    return new ReferenceBuilder(reference)
  }

  /** Names of the user tables; PostgreSQL: of `schemas` (default: the current schema). */
  getAllTables(schemas?: string[]): Promise<string[]> {
    return this.dialect.getAllTables(this.getWriteClient(), schemas)
  }

  /**
   * Drops every user table (PostgreSQL: of `schemas`, default the current
   * schema) but the connection's `wipe.ignoreTables`, as Lucid's does.
   */
  async dropAllTables(schemas?: string[]): Promise<void> {
    this.ensureWritable('drop tables')
    return this.dialect.dropAllTables(this.getWriteClient(), this.wipeIgnoreTables, schemas)
  }

  /** Names of the views; PostgreSQL: of `schemas` (default: the current schema). */
  getAllViews(schemas?: string[]): Promise<string[]> {
    return schemaObjects.getAllViews(this.getWriteClient(), this.dialect.name, schemas)
  }

  /** Drops every view (PostgreSQL: of `schemas`, with CASCADE). */
  async dropAllViews(schemas?: string[]): Promise<void> {
    this.ensureWritable('drop views')
    await schemaObjects.dropAllViews(this.getWriteClient(), this.dialect.name, schemas)
  }

  /** PostgreSQL: names of the custom enum and composite types of `schemas` (default: current). */
  async getAllTypes(schemas?: string[]): Promise<string[]> {
    return schemaObjects.getAllTypes(this.postgresOnly('getAllTypes'), ['e', 'c'], schemas)
  }

  /** PostgreSQL: drops the custom enum and composite types of `schemas` (with CASCADE). */
  async dropAllTypes(schemas?: string[]): Promise<void> {
    const client = this.postgresOnly('dropAllTypes')
    this.ensureWritable('drop types')
    await schemaObjects.dropAllTypes(client, ['e', 'c'], schemas)
  }

  /** PostgreSQL: names of the domains of `schemas` (default: the current schema). */
  async getAllDomains(schemas?: string[]): Promise<string[]> {
    return schemaObjects.getAllTypes(this.postgresOnly('getAllDomains'), ['d'], schemas)
  }

  /** PostgreSQL: drops the domains of `schemas` (with CASCADE). */
  async dropAllDomains(schemas?: string[]): Promise<void> {
    const client = this.postgresOnly('dropAllDomains')
    this.ensureWritable('drop domains')
    await schemaObjects.dropAllTypes(client, ['d'], schemas)
  }

  /** The write client, for a method that exists on PostgreSQL only (Lucid throws there too). */
  private postgresOnly(method: string): Knex | Knex.Transaction {
    if (this.dialect.name === 'postgres') return this.getWriteClient()
    throw new E_INVALID_QUERY(
      `${method}() is not supported by ${this.dialect.name} (connection "${this.connectionName}"): ` +
        'custom types and domains exist on PostgreSQL only'
    )
  }

  /** Empties a table; `cascade` follows foreign keys (pg, mysql). */
  async truncate(table: string, cascade = false): Promise<void> {
    this.ensureWritable('truncate tables')
    return this.dialect.truncate(this.getWriteClient(), table, cascade)
  }

  /** Column info of a table (knex's columnInfo). */
  async columnsInfo(table: string, column?: string): Promise<Record<string, Knex.ColumnInfo>> {
    const query = this.getWriteClient().table(table)
    return (column ? await query.columnInfo(column) : await query.columnInfo()) as Record<
      string,
      Knex.ColumnInfo
    >
  }
}
