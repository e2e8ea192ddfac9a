/**
 * The clients `related(name)` returns for the non-polymorphic relation
 * kinds (`user.related('posts').create(...)`); the polymorphic kinds reuse them.
 */
import type { ModelQueryBuilderContract } from './model_query.js'
import type { TransactionClientContract } from './database.js'
import type {
  LucidModelBase,
  ModelAssignOptions,
  ModelAttributeName,
  ModelValues,
} from './model_base.js'
import type { PivotQueryMethods } from './relation_options.js'
import type { DatabaseQueryBuilderContract } from './query_builder.js'

type Row<Related extends LucidModelBase> = InstanceType<Related>
type Values<Related extends LucidModelBase> = ModelValues<InstanceType<Related>>
type Key<Related extends LucidModelBase> = ModelAttributeName<InstanceType<Related>>

/** `user.related('profile')` */
export interface HasOneClientContract<Related extends LucidModelBase> {
  query(): ModelQueryBuilderContract<Related>
  save(related: Row<Related>): Promise<void>
  create(values: Values<Related>, options?: ModelAssignOptions): Promise<Row<Related>>
  firstOrCreate(
    search: Values<Related>,
    savePayload?: Values<Related>,
    options?: ModelAssignOptions
  ): Promise<Row<Related>>
  updateOrCreate(
    search: Values<Related>,
    updatePayload: Values<Related>,
    options?: ModelAssignOptions
  ): Promise<Row<Related>>
}

/** `user.related('posts')` */
export interface HasManyClientContract<
  Related extends LucidModelBase,
> extends HasOneClientContract<Related> {
  saveMany(related: Row<Related>[]): Promise<void>
  createMany(values: Values<Related>[], options?: ModelAssignOptions): Promise<Row<Related>[]>
  fetchOrCreateMany(
    payload: Values<Related>[],
    predicate?: Key<Related> | Key<Related>[],
    options?: ModelAssignOptions
  ): Promise<Row<Related>[]>
  updateOrCreateMany(
    payload: Values<Related>[],
    predicate?: Key<Related> | Key<Related>[],
    options?: ModelAssignOptions
  ): Promise<Row<Related>[]>
}

/** `post.related('author')` */
export interface BelongsToClientContract<Related extends LucidModelBase> {
  query(): ModelQueryBuilderContract<Related>
  associate(related: Row<Related>): Promise<void>
  dissociate(): Promise<void>
}

/** Ids to attach, or ids mapped to their pivot attributes. */
export type PivotIds = (string | number)[] | Record<string | number, Record<string, unknown>>

/** `user.related('roles')` */
export interface ManyToManyClientContract<Related extends LucidModelBase> {
  query(): ModelQueryBuilderContract<Related> & PivotQueryMethods
  pivotQuery(): DatabaseQueryBuilderContract
  attach(ids: PivotIds, trx?: TransactionClientContract): Promise<void>
  detach(ids?: (string | number)[], trx?: TransactionClientContract): Promise<void>
  sync(ids: PivotIds, detach?: boolean, trx?: TransactionClientContract): Promise<void>
  save(
    related: Row<Related>,
    performSync?: boolean,
    pivotAttributes?: Record<string, unknown>
  ): Promise<void>
  saveMany(
    related: Row<Related>[],
    performSync?: boolean,
    pivotAttributes?: Record<string, unknown>[]
  ): Promise<void>
  create(
    values: Values<Related>,
    pivotAttributes?: Record<string, unknown>,
    options?: ModelAssignOptions
  ): Promise<Row<Related>>
  createMany(
    values: Values<Related>[],
    pivotAttributes?: Record<string, unknown>[],
    options?: ModelAssignOptions
  ): Promise<Row<Related>[]>
}

/** `country.related('posts')` */
export interface HasManyThroughClientContract<Related extends LucidModelBase> {
  query(): ModelQueryBuilderContract<Related>
}
