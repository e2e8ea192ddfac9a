/**
 * The Active Record base class (Lucid's BaseModel). Models extend it and
 * declare columns with decorators; statics find and create rows, instances
 * track their attributes and persist them. The work is done in small
 * modules (attributes, persistence, finders, serialization); this class
 * holds the state and the public names.
 */
import type { TransactionClientContract, TransactionOptions } from '../../types/database.js'
import type {
  ExtractModelRelations,
  RelatedModelFn,
  RelationClientOf,
  RelationQueryOf,
  RelationType,
} from '../../types/relations.js'
import type {
  AdapterContract,
  CherryPick,
  CherryPickFields,
  CommitEvents,
  ComputedOptions,
  EventsList,
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelAssignOptions,
  ModelColumnOptions,
  ModelObject,
  ModelOptions,
  ModelValues,
  NamingStrategyContract,
  ColumnOptions,
} from '../../types/model.js'
import { createKeysSet, type ModelKeysSet } from '../model_keys.js'
import type { BaseRelation, RelatedQuery } from '../relations/base.js'
import type { Preloader } from '../preloader/preloader.js'
import { createRelation } from '../relations/factory.js'
import { CamelCaseNamingStrategy } from '../naming_strategies/camel_case.js'
import type { ModelQueryBuilder } from '../query_builder/model_query_builder.js'
import {
  cloneAttributes,
  computeDirty,
  consumeRow,
  defineColumnAccessor,
  ensureColumnsDeclared,
  ensureNotDeleted,
  mergeValues,
} from './attributes.js'
import * as finders from './finders.js'
import { createHooks, type ModelHookHandler, type ModelHooks } from './hooks.js'
import {
  deleteModel,
  insertModels,
  lockForUpdate,
  refreshModel,
  saveModel,
  type InsertManyOptions,
} from './persistence.js'
import { loadAggregate, loadRelations, relatedClient, type LoadArguments } from './relations.js'
import * as serialization from './serialization.js'

/** A column as the hydration loop needs it. */
export interface HydrationColumn {
  attribute: string
  consume?: ModelColumnOptions['consume']
}

/** One frozen `$options` object per connection name, shared by hydrated rows. */
const optionsByConnection = new Map<string, ModelOptions>()
function sharedOptions(connection: string): ModelOptions {
  let options = optionsByConnection.get(connection)
  if (!options) {
    options = Object.freeze({ connection })
    optionsByConnection.set(connection, options)
  }
  return options
}

export class BaseModel {
  /* ------------------------------------------------------------------ */
  /* Static configuration                                                */
  /* ------------------------------------------------------------------ */

  /** True once `boot()` ran for this very class. */
  static booted: boolean = false
  /** Attribute name of the primary key. */
  static primaryKey: string = 'id'
  /** Table name; defaults from the naming strategy. */
  static table: string
  /** Connection name the model's queries use (the default connection when unset). */
  static connection?: string
  /** True when the application sets primary keys itself (UUIDs ...). */
  static selfAssignPrimaryKey: boolean = false
  /** Names tables, columns, serialized keys and relation keys. */
  static namingStrategy: NamingStrategyContract = new CamelCaseNamingStrategy()
  /** Bridge to the database, set with `useAdapter`. */
  static $adapter: AdapterContract
  /** Hooks of the model (`before:save` ...). */
  declare static $hooks: ModelHooks
  /** Name maps between attributes, columns and serialized keys. */
  declare static $keys: ModelKeysSet
  /** Columns by attribute name. */
  declare static $columnsDefinitions: Map<string, ModelColumnOptions>
  /** Computed properties by name. */
  declare static $computedDefinitions: Map<string, ComputedOptions>
  /** Relations by name (filled by the relation decorators). */
  declare static $relationsDefinitions: Map<string, BaseRelation>
  /** Attribute name of the soft delete column, for models using SoftDeletes. */
  static $softDeleteColumn?: string
  /** Column name -> attribute, for hydration; rebuilt when columns change. */
  static $hydration?: Map<string, HydrationColumn>

  /** Sets the adapter models use to reach the database. */
  static useAdapter(adapter: AdapterContract): void {
    this.$adapter = adapter
  }

  /**
   * Defines a static property on this class only: `inherit` copies the
   * parent's value (Maps, hooks and keys are copied, not shared), `define`
   * uses the default unless the class set its own.
   */
  static $defineProperty<Model extends LucidModel, Prop extends keyof Model>(
    this: Model,
    propertyName: Prop,
    defaultValue: Model[Prop],
    strategy: 'inherit' | 'define' | ((value: Model[Prop]) => Model[Prop])
  ): void {
    if (Object.hasOwn(this, propertyName)) return
    const parentValue = this[propertyName]
    let value: unknown = defaultValue
    if (typeof strategy === 'function') {
      value = strategy(parentValue)
    } else if (strategy === 'inherit' && parentValue !== undefined) {
      value = parentValue instanceof Map ? new Map(parentValue) : parentValue
    }
    Object.defineProperty(this, propertyName, {
      value,
      configurable: true,
      enumerable: true,
      writable: true,
    })
  }

  /**
   * Prepares the class's own metadata (columns, hooks, keys, table),
   * inheriting the parent's. Runs once per class; decorators call it.
   */
  static boot(): void {
    if (Object.hasOwn(this, 'booted') && this.booted) return
    Object.defineProperty(this, 'booted', { value: true, configurable: true, writable: true })
    const parent = Object.getPrototypeOf(this) as LucidModel
    this.$defineProperty('$columnsDefinitions', new Map(), 'inherit')
    this.$defineProperty('$computedDefinitions', new Map(), 'inherit')
    this.$defineProperty('$relationsDefinitions', new Map(), 'inherit')
    this.$defineProperty('$hooks', createHooks(), () => createHooks(parent.$hooks))
    this.$defineProperty('$keys', createKeysSet(), () => createKeysSet(parent.$keys))
    this.$defineProperty('primaryKey', 'id', 'inherit')
    this.$defineProperty('table', this.namingStrategy.tableName(this), 'define')
  }

  /** Registers a column (what `@column` does). */
  static $addColumn(name: string, options: Partial<ColumnOptions>): ModelColumnOptions {
    this.boot()
    const descriptor = Object.getOwnPropertyDescriptor(this.prototype, name)
    const column: ModelColumnOptions = {
      isPrimary: options.isPrimary ?? false,
      columnName: options.columnName ?? this.namingStrategy.columnName(this, name),
      serializeAs:
        options.serializeAs === null
          ? null
          : (options.serializeAs ?? this.namingStrategy.serializedName(this, name)),
      serialize: options.serialize,
      prepare: options.prepare,
      consume: options.consume,
      meta: options.meta,
      hasGetter: descriptor?.get !== undefined,
      hasSetter: descriptor?.set !== undefined,
    }
    if (column.isPrimary) this.primaryKey = name
    this.$columnsDefinitions.set(name, column)
    const keys = this.$keys
    keys.attributesToColumns.add(name, column.columnName)
    keys.columnsToAttributes.add(column.columnName, name)
    if (column.serializeAs !== null) {
      keys.attributesToSerialized.add(name, column.serializeAs)
      keys.columnsToSerialized.add(column.columnName, column.serializeAs)
      keys.serializedToAttributes.add(column.serializeAs, name)
      keys.serializedToColumns.add(column.serializeAs, column.columnName)
    }
    if (!column.hasGetter && !column.hasSetter) defineColumnAccessor(this, name)
    Object.defineProperty(this, '$hydration', {
      value: undefined,
      configurable: true,
      writable: true,
    })
    return column
  }

  /** True when `name` is a column attribute. */
  static $hasColumn(name: string): boolean {
    this.boot()
    return this.$columnsDefinitions.has(name)
  }

  /** The column definition of an attribute. */
  static $getColumn(name: string): ModelColumnOptions | undefined {
    this.boot()
    return this.$columnsDefinitions.get(name)
  }

  /** Registers a computed property (what `@computed` does). */
  static $addComputed(name: string, options: Partial<ComputedOptions>): ComputedOptions {
    this.boot()
    const computed: ComputedOptions = {
      serializeAs:
        options.serializeAs === null
          ? null
          : (options.serializeAs ?? this.namingStrategy.serializedName(this, name)),
      meta: options.meta,
    }
    this.$computedDefinitions.set(name, computed)
    return computed
  }

  /** True when `name` is a computed property. */
  static $hasComputed(name: string): boolean {
    this.boot()
    return this.$computedDefinitions.has(name)
  }

  /** The definition of a computed property. */
  static $getComputed(name: string): ComputedOptions | undefined {
    this.boot()
    return this.$computedDefinitions.get(name)
  }

  /** Registers a relation (what the relation decorators do). */
  static $addRelation(
    name: string,
    type: RelationType,
    relatedModel: RelatedModelFn | [RelatedModelFn, RelatedModelFn],
    options: object = {}
  ): BaseRelation {
    this.boot()
    const relation = createRelation(type, name, relatedModel as RelatedModelFn, options, this)
    this.$relationsDefinitions.set(name, relation)
    // `user.posts` reads the loaded relation; assigning stores it
    Object.defineProperty(this.prototype, name, {
      get(this: LucidRow) {
        return this.$preloaded[name]
      },
      set(this: LucidRow, value: LucidRow | LucidRow[] | null) {
        this.$setRelated(name, value)
      },
      configurable: true,
      enumerable: true,
    })
    return relation
  }

  /** True when `name` is a relation. */
  static $hasRelation(name: string): boolean {
    this.boot()
    return this.$relationsDefinitions.has(name)
  }

  /** The relation of that name. */
  static $getRelation(name: string): BaseRelation | undefined {
    this.boot()
    return this.$relationsDefinitions.get(name)
  }

  /** Column name -> attribute (and consume function), built once per class. */
  static $hydrationPlan(): Map<string, HydrationColumn> {
    if (Object.hasOwn(this, '$hydration') && this.$hydration) return this.$hydration
    this.boot()
    const plan = new Map<string, HydrationColumn>()
    for (const [attribute, column] of this.$columnsDefinitions) {
      plan.set(column.columnName, { attribute, consume: column.consume })
    }
    Object.defineProperty(this, '$hydration', { value: plan, configurable: true, writable: true })
    return plan
  }

  /** Adds a before hook: `User.before('save', (user) => ...)`. */
  static before<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (...args: any[]) => void | Promise<void>
  ): Model {
    this.boot()
    this.$hooks.add(`before:${event}`, handler as ModelHookHandler)
    return this
  }

  /** Adds an after hook: `User.after('create', (user) => ...)`. */
  static after<Model extends LucidModel>(
    this: Model,
    event: EventsList,
    handler: (...args: any[]) => void | Promise<void>
  ): Model {
    this.boot()
    this.$hooks.add(`after:${event}`, handler as ModelHookHandler)
    return this
  }

  /**
   * Adds a hook that runs once the transaction the model was written in
   * commits (at once without a transaction, never after a rollback).
   */
  static afterCommit<Model extends LucidModel>(
    this: Model,
    event: CommitEvents,
    handler: (model: InstanceType<Model>) => void | Promise<void>
  ): Model {
    this.boot()
    this.$hooks.add(`afterCommit:${event}`, handler as ModelHookHandler)
    return this
  }

  /* ------------------------------------------------------------------ */
  /* Static persistence and finders                                      */
  /* ------------------------------------------------------------------ */

  /** The model query builder: `User.query().where('email', x)` resolves to users. */
  static query<Model extends LucidModel>(
    this: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilder<Model> {
    this.boot()
    return finders.adapterOf(this).query(this, options) as ModelQueryBuilder<Model>
  }

  /** Creates a model from a database row (column names mapped to attributes). */
  static $createFromAdapterResult<Model extends LucidModel>(
    this: Model,
    row?: ModelObject,
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model> | null {
    if (row === null || typeof row !== 'object') return null
    const instance = new this() as InstanceType<Model>
    ensureColumnsDeclared(instance)
    instance.$consumeAdapterResult(row, sideloaded)
    instance.$hydrateOriginals()
    instance.$setOptionsAndTrx(options)
    instance.$isPersisted = true
    instance.$isLocal = false
    return instance
  }

  /** Creates models from database rows. */
  static $createMultipleFromAdapterResult<Model extends LucidModel>(
    this: Model,
    rows: ModelObject[],
    sideloaded?: ModelObject,
    options?: ModelAdapterOptions
  ): InstanceType<Model>[] {
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
    return finders.findBy(this, this.primaryKey, value, options)
  }

  /** The model with that primary key; throws `E_ROW_NOT_FOUND`. */
  static findOrFail<Model extends LucidModel>(
    this: Model,
    value: unknown,
    options?: ModelAdapterOptions
  ): Promise<InstanceType<Model>> {
    return finders.findByOrFail(this, this.primaryKey, value, options)
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
  static async truncate(cascade = false, options?: ModelAdapterOptions): Promise<void> {
    this.boot()
    const client = finders.adapterOf(this).modelConstructorClient(this, options) as unknown as {
      truncate(table: string, cascade: boolean): Promise<void>
    }
    await client.truncate(this.table, cascade)
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
    const client = finders.adapterOf(this).modelConstructorClient(this, settings)
    if (typeof callbackOrOptions === 'function')
      return client.transaction(callbackOrOptions, settings)
    return client.transaction(settings)
  }

  /* ------------------------------------------------------------------ */
  /* Instance state                                                      */
  /* ------------------------------------------------------------------ */

  /** Column values by attribute name. */
  $attributes: ModelObject = {}
  /** Column values as last read from or written to the database. */
  $original: ModelObject = {}
  // relations, extras and sideloaded values are allocated on first use: most
  // hydrated rows never need them, and hydration speed is mostly allocation
  #preloaded?: Record<string, LucidRow | LucidRow[] | null>
  #extras?: ModelObject
  #sideloaded?: ModelObject

  /** Loaded relations by name. */
  get $preloaded(): Record<string, LucidRow | LucidRow[] | null> {
    return (this.#preloaded ??= {})
  }

  set $preloaded(value: Record<string, LucidRow | LucidRow[] | null>) {
    this.#preloaded = value
  }

  /** Values of the row that are not columns (aggregates, extra selects). */
  get $extras(): ModelObject {
    return (this.#extras ??= {})
  }

  set $extras(value: ModelObject) {
    this.#extras = value
  }

  /** Values handed down by `query().sideload()`. */
  get $sideloaded(): ModelObject {
    return (this.#sideloaded ??= {})
  }

  set $sideloaded(value: ModelObject) {
    this.#sideloaded = value
  }

  /** True once the row exists in the database. */
  $isPersisted = false
  /** True when the instance was made here rather than fetched. */
  $isLocal = true
  /** True once `delete()` ran: the instance is frozen. */
  $isDeleted = false
  /** Connection the instance uses. */
  $options?: ModelOptions
  /** Set by `serializeExtras = true` on a model to output `$extras` under `meta`. */
  declare serializeExtras?: boolean | (() => ModelObject)
  #trx?: TransactionClientContract
  #filled = false
  #forceUpdate = false

  /** The transaction the instance runs in, until it completes. */
  get $trx(): TransactionClientContract | undefined {
    const trx = this.#trx
    if (trx && trx.isCompleted) {
      this.#trx = undefined
      return undefined
    }
    return trx
  }

  set $trx(trx: TransactionClientContract | undefined) {
    this.#trx = trx
  }

  /** Opposite of `$isPersisted`. */
  get $isNew(): boolean {
    return !this.$isPersisted
  }

  /** Value of the primary key. */
  get $primaryKeyValue(): any {
    const Model = this.constructor as LucidModel
    const column = Model.$getColumn(Model.primaryKey)
    return column?.hasGetter
      ? (this as unknown as ModelObject)[Model.primaryKey]
      : this.$attributes[Model.primaryKey]
  }

  /** Attributes changed since the last read or write. */
  get $dirty(): ModelObject {
    return computeDirty(this, this.#filled)
  }

  /** True when some attribute changed. */
  get $isDirty(): boolean {
    return Object.keys(this.$dirty).length > 0
  }

  /** True when any (or any of the given) attributes changed. */
  isDirty(fields?: string | string[]): boolean {
    const dirty = this.$dirty
    if (fields === undefined) return Object.keys(dirty).length > 0
    return (Array.isArray(fields) ? fields : [fields]).some((field) => field in dirty)
  }

  /** Forces the next `save()` to issue an update even when nothing changed. */
  enableForceUpdate(): this {
    this.#forceUpdate = true
    return this
  }

  /** Consumes and resets the force update flag (persistence uses it). */
  $takeForceUpdate(): boolean {
    const force = this.#forceUpdate
    this.#forceUpdate = false
    return force
  }

  /** Reads an attribute. */
  $getAttribute(key: string): any {
    return this.$attributes[key]
  }

  /** Writes an attribute (throws `E_MODEL_DELETED` on a deleted instance). */
  $setAttribute(key: string, value: unknown): void {
    if (this.$isDeleted) ensureNotDeleted(this)
    this.$attributes[key] = value
  }

  /** Copies a database row into the attributes; non-columns go to `$extras`. */
  $consumeAdapterResult(row: ModelObject, sideloaded?: ModelObject): void {
    consumeRow(this, row)
    if (sideloaded) this.$sideloaded = sideloaded
  }

  /** Marks the current attributes as the persisted state. */
  $hydrateOriginals(): void {
    this.$original = cloneAttributes(this.$attributes)
    this.#filled = false
  }

  /** Applies adapter options: a transaction client becomes `$trx`, a connection `$options`. */
  $setOptionsAndTrx(options?: ModelAdapterOptions): void {
    if (!options) return
    if (options.client?.isTransaction) this.#trx = options.client as TransactionClientContract
    const connection = options.connection ?? options.client?.connectionName
    if (!connection || this.$options?.connection === connection) return
    this.$options = this.$options ? { ...this.$options, connection } : sharedOptions(connection)
  }

  /** Runs the instance's queries in this transaction. */
  useTransaction(trx: TransactionClientContract): this {
    this.#trx = trx
    return this
  }

  /** Runs the instance's queries on that connection. */
  useConnection(connection: string): this {
    this.$options = { ...this.$options, connection }
    return this
  }

  /** Replaces every attribute with `values`. */
  fill(values: ModelValues<this>, allowExtraProperties = false): this {
    ensureNotDeleted(this)
    this.$attributes = {}
    mergeValues(this, values as ModelObject, allowExtraProperties)
    this.#filled = true
    return this
  }

  /** Merges `values` into the attributes (plain objects merge deeply). */
  merge(values: ModelValues<this>, allowExtraProperties = false): this {
    mergeValues(this, values as ModelObject, allowExtraProperties)
    return this
  }

  /** The query an insert, update, delete or refresh of this instance runs. */
  $getQueryFor(action: 'insert' | 'update' | 'delete' | 'refresh', client: any): any {
    return finders.queryFor(this, action, client)
  }

  /** Inserts or updates (dirty columns only) the row, running the save hooks. */
  save(): Promise<this> {
    return saveModel(this, false)
  }

  /** `save()` without hooks. */
  saveQuietly(): Promise<this> {
    return saveModel(this, true)
  }

  /** Deletes the row and freezes the instance. */
  delete(): Promise<void> {
    return deleteModel(this, false)
  }

  /** `delete()` without hooks. */
  deleteQuietly(): Promise<void> {
    return deleteModel(this, true)
  }

  /** Reloads the attributes from the database. */
  refresh(): Promise<this> {
    return refreshModel(this)
  }

  /** Locks the row (`FOR UPDATE`) in a transaction and hands a fresh copy to `callback`. */
  lockForUpdate<T>(callback: (model: this) => Promise<T> | T): Promise<T> {
    return lockForUpdate(this, callback)
  }

  /* ------------------------------------------------------------------ */
  /* Relations storage (relation kinds come with the relations layer)    */
  /* ------------------------------------------------------------------ */

  /**
   * The client of a relation, to query or write related rows:
   * `await user.related('posts').create({ title })`.
   */
  related<Name extends ExtractModelRelations<this>>(name: Name): RelationClientOf<this, Name> {
    return relatedClient(this, name)
  }

  /** Loads relations: `load('posts', (q) => ...)` or `load((loader) => loader.load('a').load('b'))`. */
  load<Name extends ExtractModelRelations<this>>(
    name: Name,
    callback?: (query: RelationQueryOf<this, Name>) => void
  ): Promise<void>
  load(loader: (preloader: Preloader) => void): Promise<void>
  async load(...args: unknown[]): Promise<void> {
    await loadRelations([this], args as LoadArguments, false)
  }

  /** Loads a relation unless it is loaded already. */
  async loadOnce(name: ExtractModelRelations<this>): Promise<void> {
    await loadRelations([this], [name], true)
  }

  /** Counts related rows into `$extras` (`posts_count`, or the alias set with `as()`). */
  async loadCount(
    name: ExtractModelRelations<this>,
    callback?: (query: RelatedQuery) => void
  ): Promise<void> {
    await loadAggregate(this, name, callback, 'count')
  }

  /** Aggregates related rows into `$extras`: `loadAggregate('posts', (q) => q.sum('views').as('views'))`. */
  async loadAggregate(
    name: ExtractModelRelations<this>,
    callback: (query: RelatedQuery) => void
  ): Promise<void> {
    await loadAggregate(this, name, callback, undefined)
  }

  /** Loads relations for many models of this class at once (one query per relation and level). */
  static loadMany<
    Model extends LucidModel,
    Name extends ExtractModelRelations<InstanceType<Model>>,
  >(
    this: Model,
    models: InstanceType<Model>[],
    name: Name,
    callback?: (query: RelationQueryOf<InstanceType<Model>, Name>) => void
  ): Promise<void>
  static loadMany<Model extends LucidModel>(
    this: Model,
    models: InstanceType<Model>[],
    loader: (preloader: Preloader) => void
  ): Promise<void>
  static async loadMany<Model extends LucidModel>(
    this: Model,
    models: InstanceType<Model>[],
    ...args: LoadArguments
  ): Promise<void> {
    await loadRelations(models, args, false)
  }

  /** True when the relation was loaded. */
  $hasRelated(key: string): boolean {
    return key in this.$preloaded
  }

  /** Stores loaded related models. */
  $setRelated(key: string, models: LucidRow | LucidRow[] | null): void {
    this.$preloaded[key] = models
  }

  /** Appends related models to a has-many style relation. */
  $pushRelated(key: string, models: LucidRow | LucidRow[]): void {
    const current = this.$preloaded[key]
    const list = Array.isArray(models) ? models : [models]
    this.$preloaded[key] = Array.isArray(current) ? [...current, ...list] : list
  }

  /** Loaded related models (undefined when not loaded). */
  $getRelated(key: string): LucidRow | LucidRow[] | null | undefined {
    return this.$preloaded[key]
  }

  /* ------------------------------------------------------------------ */
  /* Serialization                                                       */
  /* ------------------------------------------------------------------ */

  /** Column values under their serialized names (`serializeAs: null` hidden). */
  serializeAttributes(fields?: CherryPickFields | string[], raw = false): ModelObject {
    return serialization.serializeAttributes(this, fields, raw)
  }

  /** Computed properties under their serialized names. */
  serializeComputed(fields?: CherryPickFields | string[]): ModelObject {
    return serialization.serializeComputed(this, fields)
  }

  /** Loaded relations, serialized. */
  serializeRelations(cherryPick?: CherryPick['relations'], raw = false): ModelObject {
    return serialization.serializeRelations(this, cherryPick, raw)
  }

  /** The model as a plain object for JSON: attributes, relations, computed (and extras). */
  serialize(cherryPick?: CherryPick): ModelObject {
    return serialization.serialize(this, cherryPick)
  }

  /** What `JSON.stringify` outputs: `serialize()`. */
  toJSON(): ModelObject {
    return this.serialize()
  }

  /** Attributes by attribute name, relations, computed values and `$extras`. */
  toObject(): ModelObject {
    return serialization.toObject(this)
  }

  /** Attributes by attribute name (no serialization). */
  toAttributes(): ModelObject {
    return { ...this.$attributes }
  }
}
