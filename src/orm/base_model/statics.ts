/**
 * The static finders and writers of BaseModel (create, find, firstOrCreate,
 * updateOrCreateMany, query ...), each delegating to `finders.ts`.
 * BaseModel extends it.
 */
import type { TransactionClientContract, TransactionOptions } from '../../types/database.js'
import type {
  LucidModel,
  ModelAdapterOptions,
  ModelAssignOptions,
  ModelObject,
  ModelValues,
} from '../../types/model.js'

import type { ModelQueryBuilderContract } from '../../types/model_query.js'
import { constructAdopting, consumeInPlace } from './attributes.js'
import { rowShape, type RowShape } from './row_shape.js'
import { pendingKey, state } from './instance_state.js'
import { hasNestedValues, hasNestedValuesAt } from './json_values.js'
import { markHydrated, storedAttributes } from './lazy_values.js'
import { keepShapeSamples } from './shape_samples.js'
import { attributeRowShape, defaultHydration, isDriverRows } from './driver_rows.js'
import { adapterOf } from './adapter_of.js'
import * as finders from './finders.js'
import { insertModels, type InsertManyOptions } from './persistence.js'

import { ModelMetadata } from './metadata.js'

/**
 * One row to a persisted model. With a `shape` (rows of a driver result),
 * the row is read by its known keys: when they are all columns, the row
 * itself (or its copy under the attribute names) becomes `$attributes`,
 * and the values of date columns are converted on first read.
 */
function hydrateRow<Model extends LucidModel>(
  Model: Model,
  row: ModelObject | undefined,
  sideloaded: ModelObject | undefined,
  options: ModelAdapterOptions | undefined,
  shape?: RowShape,
  consume = true
): InstanceType<Model> | null {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return null
  let instance: InstanceType<Model>
  if (shape !== undefined && (shape.adopt || shape.map !== undefined)) {
    const attributes = shape.adopt ? row : shape.map!(row)
    instance = constructAdopting(Model, attributes) as InstanceType<Model>
    state(instance)[pendingKey] = shape.lazyMask
    if (consume && shape.consumers.length > 0) consumeInPlace(instance, shape)
    if (sideloaded) instance.$sideloaded = sideloaded
    markHydrated(instance, hasNestedValuesAt(attributes, shape.maybeNested))
  } else {
    // field initializers (`points = 0`) have run: the row's values win over them
    instance = new Model() as InstanceType<Model>
    instance.$consumeAdapterResult(row, sideloaded, shape)
    markHydrated(instance, hasNestedValues(storedAttributes(instance)))
  }
  instance.$setOptionsAndTrx(options)
  return instance
}

function hasKeys(values: ModelObject): boolean {
  for (const _ in values) return true
  return false
}

export class ModelStatics extends ModelMetadata {
  /* ------------------------------------------------------------------ */
  /* Static persistence and finders                                      */
  /* ------------------------------------------------------------------ */

  /** The model query builder: `User.query().where('email', x)` resolves to users. */
  static query<Model extends LucidModel>(
    this: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model> {
    this.boot()
    return adapterOf(this).query(this, options)
  }

  /** Creates a model from a database row (column names mapped to attributes). */
  static $createFromAdapterResult<Model extends LucidModel>(
    this: Model,
    row?: ModelObject,
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model> | null {
    return hydrateRow(this, row, sideloaded, options)
  }

  /** Creates models from database rows. */
  static $createMultipleFromAdapterResult<Model extends LucidModel>(
    this: Model,
    rows: ModelObject[],
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model>[] {
    // rows straight from the driver share their keys (and may become the
    // models' attributes), unless the model overrides how one row is hydrated;
    // rows built as attribute objects (attribute_rows.ts) come with their shape
    const built = attributeRowShape(rows)
    if (
      rows.length > 0 &&
      (built !== undefined || isDriverRows(rows)) &&
      this.$createFromAdapterResult === defaultCreateFromRow
    ) {
      const first = rows[0]
      const shape = built ?? rowShape(this, first)
      // a query hands its (usually empty) sideload object: an empty one is not stored, which
      // saves each model the object holding it; `$sideloaded` then reads as a new `{}`
      const handed = sideloaded !== undefined && hasKeys(sideloaded) ? sideloaded : undefined
      // driver rows are all objects: one model each, in an array sized once
      const models = rows.map(
        (row) => hydrateRow(this, row, handed, options, shape) as InstanceType<Model>
      )
      // a model built as these were, never handed out: only where rows are adopted or
      // mapped, so that no user `consume` runs for it
      if (shape.adopt || shape.map !== undefined) {
        keepShapeSamples(this, shape, first, options, () =>
          hydrateRow(this, first, undefined, options, shape, false)
        )
      }
      return models
    }
    const models: InstanceType<Model>[] = []
    for (const row of rows) {
      const model = this.$createFromAdapterResult(row, sideloaded, options)
      if (model) models.push(model)
    }
    return models
  }

  /** Creates and saves one model. */
  static create<Model extends LucidModel>(
    this: Model,
    values: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>> {
    return finders.create(this, values, options, false)
  }

  /** Creates and saves one model without running hooks. */
  static createQuietly<Model extends LucidModel>(
    this: Model,
    values: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>> {
    return finders.create(this, values, options, true)
  }

  /** Creates several models in one transaction, one insert each so hooks run per row. */
  static createMany<Model extends LucidModel>(
    this: Model,
    values: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.createMany(this, values, options, false)
  }

  /** `createMany` without hooks. */
  static createManyQuietly<Model extends LucidModel>(
    this: Model,
    values: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.createMany(this, values, options, true)
  }

  /**
   * Inserts new instances with multi-row INSERTs in one transaction, running
   * the create and save hooks per row (`quiet` skips them); keys are read back in order.
   */
  static $insertMany<Model extends LucidModel>(
    this: Model,
    instances: InstanceType<Model>[],
    options?: InsertManyOptions
  ): Promise<InstanceType<Model>[]> {
    this.boot()
    return insertModels(this, instances, options)
  }

  /** The model with that primary key, or null. */
  static find<Model extends LucidModel>(
    this: Model,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null> {
    return finders.findBy(this, this.primaryKey, value, options, 'find')
  }

  /** The model with that primary key; throws `E_ROW_NOT_FOUND`. */
  static findOrFail<Model extends LucidModel>(
    this: Model,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>> {
    return finders.findByOrFail(this, this.primaryKey, value, options, 'findOrFail')
  }

  /** The first model matching `key = value` (or an object of clauses), or null. */
  static findBy<Model extends LucidModel>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  static findBy<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null>
  static findBy<Model extends LucidModel>(
    this: Model,
    keyOrClause: unknown,
    valueOrOptions?: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null> {
    return finders.findBy(this, keyOrClause, valueOrOptions, options)
  }

  /** Like `findBy`, but throws `E_ROW_NOT_FOUND`. */
  static findByOrFail<Model extends LucidModel>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  static findByOrFail<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>>
  static findByOrFail<Model extends LucidModel>(
    this: Model,
    keyOrClause: unknown,
    valueOrOptions?: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>> {
    return finders.findByOrFail(this, keyOrClause, valueOrOptions, options)
  }

  /** Every model matching `key = value` (or an object of clauses). */
  static findManyBy<Model extends LucidModel>(
    this: Model,
    clause: ModelValues<InstanceType<Model>>,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  static findManyBy<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model>,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]>
  static findManyBy<Model extends LucidModel>(
    this: Model,
    keyOrClause: unknown,
    valueOrOptions?: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.findManyBy(this, keyOrClause, valueOrOptions, options)
  }

  /** The models with these primary keys, ordered by key descending. */
  static findMany<Model extends LucidModel>(
    this: Model,
    values: unknown[],
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.findMany(this, values, options)
  }

  /** The first model in the database's order, or null. */
  static first<Model extends LucidModel>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model> | null> {
    return this.query(options).first()
  }

  /** The first model; throws `E_ROW_NOT_FOUND`. */
  static firstOrFail<Model extends LucidModel>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>> {
    return this.query(options).firstOrFail()
  }

  /** The first model matching `search`, or a new unsaved one filled with search + save payloads. */
  static firstOrNew<Model extends LucidModel>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    savePayload?: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>> {
    return finders.firstOrNew(this, search, savePayload, options)
  }

  /** The first model matching `search`, or a new one created from search + save payloads. */
  static firstOrCreate<Model extends LucidModel>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    savePayload?: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>> {
    return finders.firstOrCreate(this, search, savePayload, options)
  }

  /** Updates the model matching `search` (selected with a row lock), or creates it. */
  static updateOrCreate<Model extends LucidModel>(
    this: Model,
    search: ModelValues<InstanceType<Model>>,
    updatePayload: ModelValues<InstanceType<Model>>,
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>> {
    return finders.updateOrCreate(this, search, updatePayload, options)
  }

  /** Existing models matched by `key`, and new unsaved ones for the rest, in input order. */
  static fetchOrNewUpMany<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model> | finders.AttributeKey<Model>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.fetchOrNewUpMany(this, key, payload, options)
  }

  /** Existing models matched by `key`, and new created ones for the rest, in input order. */
  static fetchOrCreateMany<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model> | finders.AttributeKey<Model>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.fetchOrCreateMany(this, key, payload, options)
  }

  /** Updates the models matched by `key` and creates the rest, in one transaction, in input order. */
  static updateOrCreateMany<Model extends LucidModel>(
    this: Model,
    key: finders.AttributeKey<Model> | finders.AttributeKey<Model>[],
    payload: ModelValues<InstanceType<Model>>[],
    options?: ModelAssignOptions
  ): Promise<InstanceType<Model>[]> {
    return finders.updateOrCreateMany(this, key, payload, options)
  }

  /** Every model, ordered by primary key descending. */
  static all<Model extends LucidModel>(
    this: Model,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>[]> {
    return this.query(options).orderBy(this.primaryKey, 'desc').exec()
  }

  /** Empties the table; `cascade` follows foreign keys where the dialect can. */
  static async truncate(
    this: LucidModel,
    cascade = false,
    options?: ModelAdapterOptions
  ): Promise<void> {
    this.boot()
    await adapterOf(this).modelConstructorClient(this, options).truncate(this.table, cascade)
  }

  /** Starts a transaction on the model's connection. */
  static transaction(
    options?: TransactionOptions & ModelAdapterOptions
  ): Promise<TransactionClientContract>
  static transaction<T>(
    callback: (trx: TransactionClientContract) => Promise<T>,
    options?: TransactionOptions & ModelAdapterOptions
  ): Promise<T>
  static transaction<T>(
    callbackOrOptions?:
      ((trx: TransactionClientContract) => Promise<T>) | (TransactionOptions & ModelAdapterOptions),
    options?: TransactionOptions & ModelAdapterOptions
  ): Promise<T | TransactionClientContract> {
    const settings = typeof callbackOrOptions === 'function' ? options : callbackOrOptions
    const Model = this as LucidModel
    const client = adapterOf(Model).modelConstructorClient(Model, settings)
    if (typeof callbackOrOptions === 'function')
      return client.transaction(callbackOrOptions, settings)
    return client.transaction(settings)
  }
}

/** The built-in row hydration, to detect models that override it. */
const defaultCreateFromRow = ModelStatics.$createFromAdapterResult
defaultHydration.add(defaultCreateFromRow)
defaultHydration.add(ModelStatics.$createMultipleFromAdapterResult)
