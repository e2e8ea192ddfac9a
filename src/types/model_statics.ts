/**
 * The static finders and writers of a model (create, find, firstOrCreate,
 * updateOrCreateMany, query ...). `LucidModel` (model.ts) extends
 * `LucidModelStatics` with itself as `Self`, so each returns the subclass.
 */
import type { TransactionClientContract, TransactionOptions } from './database.js'
import type {
  InsertManyOptions,
  LucidModelBase,
  ModelAdapterOptions,
  ModelAssignOptions,
  ModelAttributeName,
  ModelObject,
  ModelValues,
} from './model_base.js'
import type { ModelQueryBuilderContract, PreloaderContract, PreloadQueryOf } from './model_query.js'
import type { ExtractModelRelations } from './relation_names.js'

/** The finders and writers every model class has. */
export interface LucidModelStatics<Self extends LucidModelBase> {
  /** The model query builder: `User.query().where('email', x)` resolves to users. */
  query<Model extends Self>(
    this: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model>
  /** Creates a model from a database row (column names mapped to attributes). */
  $createFromAdapterResult<Model extends Self>(
    this: Model,
    row?: ModelObject,
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model> | null
  /** Creates models from database rows. */
  $createMultipleFromAdapterResult<Model extends Self>(
    this: Model,
    rows: ModelObject[],
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model>[]
  /** Creates and saves one model. */
  create<Model extends Self>(
    this: Model,
    values: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>>
  /** Creates and saves one model without running hooks. */
  createQuietly<Model extends Self>(
    this: Model,
    values: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>>
  /** Creates several models in one transaction, one insert each so hooks run per row. */
  createMany<Model extends Self>(
    this: Model,
    values: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]>
  /** `createMany` without hooks. */
  createManyQuietly<Model extends Self>(
    this: Model,
    values: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]>
  /**
   * Inserts new instances with multi-row INSERTs in one transaction, running
   * the create and save hooks per row (`quiet` skips them); keys are read back in order.
   */
  $insertMany<Model extends Self>(
    this: Model,
    instances: InstanceType<Model>[],
    options?: InsertManyOptions
  ): Promise<InstanceType<Model>[]>
  /** The model with that primary key, or null. */
  find<Model extends Self>(
    this: Model,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  /** The model with that primary key; throws `E_ROW_NOT_FOUND`. */
  findOrFail<Model extends Self>(
    this: Model,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  /** The first model matching `key = value` (or an object of clauses), or null. */
  findBy<Model extends Self>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  findBy<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  /** Like `findBy`, but throws `E_ROW_NOT_FOUND`. */
  findByOrFail<Model extends Self>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  findByOrFail<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  /** Every model matching `key = value` (or an object of clauses). */
  findManyBy<Model extends Self>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  findManyBy<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  /** The models with these primary keys, ordered by key descending. */
  findMany<Model extends Self>(
    this: Model,
    values: unknown[],
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  /** The first model in the database's order, or null. */
  first<Model extends Self>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  /** The first model; throws `E_ROW_NOT_FOUND`. */
  firstOrFail<Model extends Self>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  /** The first model matching `search`, or a new unsaved one filled with search + save payloads. */
  firstOrNew<Model extends Self>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    savePayload?: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>>
  /** The first model matching `search`, or a new one created from search + save payloads. */
  firstOrCreate<Model extends Self>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    savePayload?: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>>
  /** Updates the model matching `search` (selected with a row lock), or creates it. */
  updateOrCreate<Model extends Self>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    updatePayload: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>>
  /** Existing models matched by `key`, and new unsaved ones for the rest, in input order. */
  fetchOrNewUpMany<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>> | ModelAttributeName<InstanceType<Model>>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]>
  /** Existing models matched by `key`, and new created ones for the rest, in input order. */
  fetchOrCreateMany<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>> | ModelAttributeName<InstanceType<Model>>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]>
  /** Updates the models matched by `key` and creates the rest, in one transaction, in input order. */
  updateOrCreateMany<Model extends Self>(
    this: Model,
    key: ModelAttributeName<InstanceType<Model>> | ModelAttributeName<InstanceType<Model>>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]>
  /** Every model, ordered by primary key descending. */
  all<Model extends Self>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  /** Empties the table; `cascade` follows foreign keys where the dialect can. */
  truncate(this: Self, cascade?: boolean, options?: ModelAdapterOptions): Promise<void>
  /** Starts a transaction on the model's connection. */
  transaction(
    options?: TransactionOptions & ModelAdapterOptions
  ): Promise<TransactionClientContract>
  transaction<T>(
    callback: (trx: TransactionClientContract) => Promise<T>,
    options?: TransactionOptions & ModelAdapterOptions
  ): Promise<T>

  /** Loads relations for many models of this class at once (one query per relation and level). */
  loadMany<Model extends Self, Name extends ExtractModelRelations<InstanceType<Model>>>(
    this: Model,
    models: InstanceType<Model>[],
    name: Name,
    callback?: (query: PreloadQueryOf<InstanceType<Model>, Name>) => void
  ): Promise<void>
  loadMany<Model extends Self>(
    this: Model,
    models: InstanceType<Model>[],
    loader: (preloader: PreloaderContract) => void
  ): Promise<void>
}
