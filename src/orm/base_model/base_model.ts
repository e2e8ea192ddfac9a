/**
 * The Active Record base class (Lucid's BaseModel). Models extend it and
 * declare columns with decorators; statics find and create rows, instances
 * track their attributes and persist them. The work is done in small
 * modules (attributes, persistence, finders, serialization); this class
 * holds the state and the public names.
 */
import type { TransactionClientContract } from '../../types/database.js'
import type {
  ExtractModelRelations,
  RelationClientOf,
  RelationQueryOf,
} from '../../types/relations.js'
import type {
  CherryPick,
  CherryPickFields,
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelObject,
  ModelOptions,
  ModelValues,
} from '../../types/model.js'
import type { RelatedQuery } from '../relations/base.js'
import type { Preloader } from '../preloader/preloader.js'

import {
  cloneAttributes,
  hasNestedValues,
  computeDirty,
  consumeRow,
  consumeShapedRow,
  ensureNotDeleted,
  initialAttributes,
  mergeValues,
  type RowShape,
} from './attributes.js'
import { guardFields } from './field_guard.js'
import * as finders from './finders.js'
import { deleteModel, lockForUpdate, refreshModel, saveModel } from './persistence.js'
import { loadAggregate, loadRelations, relatedClient, type LoadArguments } from './relations.js'
import * as serialization from './serialization.js'

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

import { ModelStatics } from './statics.js'

/**
 * Instance state kept under symbols, set in the constructor: it stays out of
 * the public type (and so out of users' declaration files), and unlike
 * #private members it works behind the field guard's Proxy (field_guard.ts).
 */
const flagsKey = Symbol('stratum.flags')
const originalKey = Symbol('stratum.original')
const rareKey = Symbol('stratum.rare')

interface InstanceState {
  [flagsKey]: number
  [originalKey]: ModelObject | undefined
  [rareKey]: RareState | undefined
}

function state(model: object): InstanceState {
  return model as InstanceState
}

function hasFlag(model: object, bit: number): boolean {
  return (state(model)[flagsKey] & bit) !== 0
}

function setFlag(model: object, bit: number, on: boolean): void {
  const own = state(model)
  own[flagsKey] = on ? own[flagsKey] | bit : own[flagsKey] & ~bit
}

/** Bits of an instance's flags. */
const PERSISTED = 1
const LOCAL = 2
const DELETED = 4
const FILLED = 8
const PRISTINE = 16
const FORCE_UPDATE = 32

/** Instance state most rows never need, allocated on first use. */
export interface RareState {
  preloaded?: Record<string, LucidRow | LucidRow[] | null>
  extras?: ModelObject
  sideloaded?: ModelObject
  trx?: TransactionClientContract
  /** Values derived by getters through `$getAttributeFromCache`, with the attribute they came from. */
  getterCache?: Map<string, { original: unknown; resolved: unknown }>
}

export class BaseModel extends ModelStatics {
  /* ------------------------------------------------------------------ */
  /* Instance state                                                      */
  /* ------------------------------------------------------------------ */

  /** Column values by attribute name (a hydrated row may be adopted as they are). */
  $attributes: ModelObject = initialAttributes()
  /** Connection the instance uses. */
  $options?: ModelOptions
  /** Set by `serializeExtras = true` on a model to output `$extras` under `meta`. */
  declare serializeExtras?: boolean | (() => ModelObject)

  // Hydration speed is mostly allocation, and its cost grows with the number
  // of fields: the booleans share one bit set, and the state most rows never
  // need (relations, extras, sideloaded values, a transaction) one object
  // allocated on first use. `$original` is copied lazily: a fetched row of
  // plain values needs no copy until something writes to it.
  constructor() {
    super()
    const own = state(this)
    own[flagsKey] = LOCAL
    own[originalKey] = undefined
    own[rareKey] = undefined
    // a class with column fields (`@column() points = 0`) gets a guarded instance
    return guardFields(this, new.target)
  }

  /** True once the row exists in the database. */
  get $isPersisted(): boolean {
    return (state(this)[flagsKey] & PERSISTED) !== 0
  }

  set $isPersisted(value: boolean) {
    setFlag(this, PERSISTED, value)
  }

  /** True when the instance was made here rather than fetched. */
  get $isLocal(): boolean {
    return (state(this)[flagsKey] & LOCAL) !== 0
  }

  set $isLocal(value: boolean) {
    setFlag(this, LOCAL, value)
  }

  /** True once `delete()` ran: the instance is frozen. */
  get $isDeleted(): boolean {
    return (state(this)[flagsKey] & DELETED) !== 0
  }

  set $isDeleted(value: boolean) {
    setFlag(this, DELETED, value)
  }

  /** Loaded relations by name. */
  get $preloaded(): Record<string, LucidRow | LucidRow[] | null> {
    return ((state(this)[rareKey] ??= {}).preloaded ??= {})
  }

  set $preloaded(value: Record<string, LucidRow | LucidRow[] | null>) {
    ;(state(this)[rareKey] ??= {}).preloaded = value
  }

  /** The loaded relations, or undefined when none was loaded (no allocation). */
  $loadedRelations(): Record<string, LucidRow | LucidRow[] | null> | undefined {
    return state(this)[rareKey]?.preloaded
  }

  /** Values of the row that are not columns (aggregates, extra selects). */
  get $extras(): ModelObject {
    return ((state(this)[rareKey] ??= {}).extras ??= {})
  }

  set $extras(value: ModelObject) {
    ;(state(this)[rareKey] ??= {}).extras = value
  }

  /** Values handed down by `query().sideload()`. */
  get $sideloaded(): ModelObject {
    return ((state(this)[rareKey] ??= {}).sideloaded ??= {})
  }

  set $sideloaded(value: ModelObject) {
    ;(state(this)[rareKey] ??= {}).sideloaded = value
  }

  /** The transaction the instance runs in, until it completes. */
  get $trx(): TransactionClientContract | undefined {
    const trx = state(this)[rareKey]?.trx
    if (trx && trx.isCompleted) {
      state(this)[rareKey]!.trx = undefined
      return undefined
    }
    return trx
  }

  set $trx(trx: TransactionClientContract | undefined) {
    if (trx || state(this)[rareKey]) (state(this)[rareKey] ??= {}).trx = trx
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

  /** Column values as last read from or written to the database. */
  get $original(): ModelObject {
    const own = state(this)
    return (own[originalKey] ??= hasFlag(this, PRISTINE) ? { ...this.$attributes } : {})
  }

  set $original(value: ModelObject) {
    state(this)[originalKey] = value
    setFlag(this, PRISTINE, false)
  }

  /** Attributes changed since the last read or write. */
  get $dirty(): ModelObject {
    // untouched since hydration: nothing can differ
    if (
      (state(this)[flagsKey] & (PRISTINE | PERSISTED)) === (PRISTINE | PERSISTED) &&
      !state(this)[originalKey]
    ) {
      return {}
    }
    return computeDirty(this, hasFlag(this, FILLED))
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
    setFlag(this, FORCE_UPDATE, true)
    return this
  }

  /** Consumes and resets the force update flag (persistence uses it). */
  $takeForceUpdate(): boolean {
    const force = hasFlag(this, FORCE_UPDATE)
    setFlag(this, FORCE_UPDATE, false)
    return force
  }

  /** Reads an attribute. */
  $getAttribute(key: string): any {
    return this.$attributes[key]
  }

  /**
   * A getter's value derived from an attribute, computed again only once the
   * attribute changes (compared with `===`):
   * `get tags() { return this.$getAttributeFromCache('tags', (raw) => raw.split(',')) }`.
   */
  $getAttributeFromCache<Value>(key: string, callback: (value: any) => Value): Value {
    const value = this.$attributes[key]
    const cache = ((state(this)[rareKey] ??= {}).getterCache ??= new Map())
    const cached = cache.get(key)
    if (cached !== undefined && cached.original === value) return cached.resolved as Value
    const resolved = callback(value)
    cache.set(key, { original: value, resolved })
    return resolved
  }

  /** Writes an attribute (throws `E_MODEL_DELETED` on a deleted instance). */
  $setAttribute(key: string, value: unknown): void {
    if (this.$isDeleted) ensureNotDeleted(this)
    // the first write after hydration snapshots the original values
    if (state(this)[originalKey] === undefined && hasFlag(this, PRISTINE))
      state(this)[originalKey] = { ...this.$attributes }
    this.$attributes[key] = value
  }

  /** Copies a database row into the attributes; non-columns go to `$extras`. */
  $consumeAdapterResult(row: ModelObject, sideloaded?: ModelObject, shape?: RowShape): void {
    if (shape) consumeShapedRow(this, row, shape)
    else consumeRow(this, row)
    if (sideloaded) this.$sideloaded = sideloaded
  }

  /**
   * Marks the current attributes as the persisted state. `nested` says
   * whether they hold JSON values; hydration passes it when it already knows.
   */
  $hydrateOriginals(nested = hasNestedValues(this.$attributes)): void {
    if (nested) {
      // JSON values can be mutated in place: they need a deep copy now
      state(this)[originalKey] = cloneAttributes(this.$attributes)
      state(this)[flagsKey] &= ~(PRISTINE | FILLED)
    } else {
      state(this)[originalKey] = undefined
      state(this)[flagsKey] = (state(this)[flagsKey] | PRISTINE) & ~FILLED
    }
  }

  /** Applies adapter options: a transaction client becomes `$trx`, a connection `$options`. */
  $setOptionsAndTrx(options?: ModelAdapterOptions): void {
    if (!options) return
    if (options.client?.isTransaction) this.$trx = options.client as TransactionClientContract
    const connection = options.connection ?? options.client?.connectionName
    if (!connection || this.$options?.connection === connection) return
    this.$options = this.$options ? { ...this.$options, connection } : sharedOptions(connection)
  }

  /** Runs the instance's queries in this transaction. */
  useTransaction(trx: TransactionClientContract): this {
    this.$trx = trx
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
    void this.$original // snapshot before the attributes are replaced
    this.$attributes = {}
    mergeValues(this, values as ModelObject, allowExtraProperties)
    setFlag(this, FILLED, true)
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
    const relation = (this.constructor as LucidModel).$relationsDefinitions?.get(key)
    relation?.assertRelatedShape(this, models, true)
    this.$preloaded[key] = models
  }

  /** Appends related models to a has-many style relation. */
  $pushRelated(key: string, models: LucidRow | LucidRow[]): void {
    const relation = (this.constructor as LucidModel).$relationsDefinitions?.get(key)
    if (relation !== undefined && !relation.many) {
      relation.assertRelatedShape(this, models, false)
      this.$preloaded[key] = models
      return
    }
    const current = this.$preloaded[key]
    const list = Array.isArray(models) ? models : [models]
    this.$preloaded[key] = Array.isArray(current) ? [...current, ...list] : list
  }

  /** Loaded related models (undefined when not loaded). */
  $getRelated(key: string): LucidRow | LucidRow[] | null | undefined {
    return this.$loadedRelations()?.[key]
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
