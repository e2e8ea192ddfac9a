/**
 * The instance state of every model (BaseModel extends it): attributes and
 * originals, dirty tracking, the persisted/local/deleted flags, loaded
 * relations, extras, sideloaded values and the transaction, fill and merge.
 * BaseModel adds persistence, relations and serialization on top.
 */
import type { TransactionClientContract } from '../../types/database.js'
import type {
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelObject,
  ModelOptions,
  ModelValues,
  PrimaryKeyValue,
} from '../../types/model.js'
import {
  computeDirty,
  consumeRow,
  consumeShapedRow,
  ensureNotDeleted,
  initialAttributes,
  mergeValues,
} from './attributes.js'
import { guardFields } from './field_guard.js'
import { sharedOptions, type QueryHydrationOptions } from './shape_samples.js'
import type { RowShape } from './row_shape.js'
import {
  attributesKey,
  DELETED,
  FILLED,
  FORCE_UPDATE,
  flagsKey,
  hasFlag,
  LOCAL,
  originalKey,
  PERSISTED,
  pendingKey,
  PRISTINE,
  rareKey,
  setFlag,
  SNAPSHOT,
  state as sharedState,
} from './instance_state.js'
import { cloneAttributes, hasNestedValues } from './json_values.js'
import { beforeWrite, readAttribute, settle, untouchedSinceHydration } from './lazy_values.js'
import { ModelStatics } from './statics.js'

function state(model: object) {
  return sharedState<RareState>(model)
}

/** Every ModelState is a BaseModel (the only class extending it): the row the attribute helpers take. */
function asRow(instance: ModelState): LucidRow {
  return instance as unknown as LucidRow
}

/** Instance state most rows never need, allocated on first use. */
export interface RareState {
  preloaded?: Record<string, LucidRow | LucidRow[] | null>
  extras?: ModelObject
  sideloaded?: ModelObject
  trx?: TransactionClientContract
  /** The transaction had already ended when it was given (it is then never released). */
  trxEndedWhenSet?: boolean
  /** Values derived by getters through `$getAttributeFromCache`, with the attribute they came from. */
  getterCache?: Map<string, { original: unknown; resolved: unknown }>
}

export class ModelState extends ModelStatics {
  /* ------------------------------------------------------------------ */
  /* Instance state                                                      */
  /* ------------------------------------------------------------------ */

  /** Connection the instance uses. */
  $options?: ModelOptions
  /** Set by `serializeExtras = true` on a model to output `$extras` under `meta`. */
  declare serializeExtras?: boolean | (() => ModelObject)

  // Hydration speed is mostly allocation, and its cost grows with the number
  // of fields: the booleans share one bit set, and the state most rows never
  // need (relations, extras, sideloaded values, a transaction) one object
  // allocated on first use. `$original` is copied lazily: a fetched row of
  // plain values needs no copy until something writes to it, and the values
  // of date columns are converted on first read (lazy_values.ts).
  constructor() {
    super()
    const own = state(this)
    own[attributesKey] = initialAttributes()
    own[pendingKey] = 0
    own[flagsKey] = LOCAL
    own[originalKey] = undefined
    own[rareKey] = undefined
    // a class with column fields (`@column() points = 0`) gets a guarded instance
    return guardFields(this, new.target)
  }

  /** Column values by attribute name (a hydrated row may be adopted as they are). */
  get $attributes(): ModelObject {
    if (state(this)[pendingKey] !== 0) settle(this)
    return state(this)[attributesKey]
  }

  set $attributes(value: ModelObject) {
    settle(this)
    state(this)[attributesKey] = value
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
    const rare = state(this)[rareKey]
    const trx = rare?.trx
    // released once it ends (as Lucid does on commit and rollback); one that had
    // ended before it was given stays, so the model's queries fail instead of
    // running outside it
    if (trx && trx.isCompleted && !rare!.trxEndedWhenSet) {
      rare!.trx = undefined
      return undefined
    }
    return trx
  }

  set $trx(trx: TransactionClientContract | undefined) {
    if (!trx && !state(this)[rareKey]) return
    const rare = (state(this)[rareKey] ??= {})
    rare.trx = trx
    rare.trxEndedWhenSet = trx?.isCompleted === true ? true : undefined
  }

  /** Opposite of `$isPersisted`. */
  get $isNew(): boolean {
    return !this.$isPersisted
  }

  /** Value of the primary key. */
  get $primaryKeyValue(): PrimaryKeyValue {
    const Model = this.constructor as LucidModel
    const column = Model.$getColumn(Model.primaryKey)
    return column?.hasGetter
      ? Reflect.get(this, Model.primaryKey)
      : readAttribute(this, Model.primaryKey)
  }

  /** Column values as last read from or written to the database. */
  get $original(): ModelObject {
    const own = state(this)
    if (own[pendingKey] !== 0) settle(this)
    return (own[originalKey] ??= hasFlag(this, PRISTINE) ? { ...this.$attributes } : {})
  }

  set $original(value: ModelObject) {
    settle(this)
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
    if (this.$isPersisted && untouchedSinceHydration(this)) return {}
    return computeDirty(asRow(this), hasFlag(this, FILLED))
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
  $getAttribute(key: string): unknown {
    return readAttribute(this, key)
  }

  /**
   * A getter's value derived from an attribute, computed again only once the
   * attribute changes (compared with `===`):
   * `get tags() { return this.$getAttributeFromCache('tags', (raw) => raw.split(',')) }`.
   */
  $getAttributeFromCache<Value>(key: string, callback: (value: unknown) => Value): Value {
    const value = readAttribute(this, key)
    const cache = ((state(this)[rareKey] ??= {}).getterCache ??= new Map())
    const cached = cache.get(key)
    if (cached !== undefined && cached.original === value) return cached.resolved as Value
    const resolved = callback(value)
    cache.set(key, { original: value, resolved })
    return resolved
  }

  /** Writes an attribute (throws `E_MODEL_DELETED` on a deleted instance). */
  $setAttribute(key: string, value: unknown): void {
    if (this.$isDeleted) ensureNotDeleted(asRow(this))
    const own = state(this)
    if (own[pendingKey] !== 0) beforeWrite(this, key)
    // the first write after hydration snapshots the original values
    if (own[originalKey] === undefined && hasFlag(this, PRISTINE))
      own[originalKey] = { ...own[attributesKey] }
    own[attributesKey][key] = value
  }

  /** Copies a database row into the attributes; non-columns go to `$extras`. */
  $consumeAdapterResult(row: ModelObject, sideloaded?: ModelObject, shape?: RowShape): void {
    if (shape) consumeShapedRow(asRow(this), row, shape)
    else consumeRow(asRow(this), row)
    if (sideloaded) this.$sideloaded = sideloaded
  }

  /**
   * Marks the current attributes as the persisted state. `nested` says
   * whether they hold JSON values; hydration passes it when it already knows.
   */
  $hydrateOriginals(nested?: boolean): void {
    // date columns still pending stay so: the original shares their raw values
    const own = state(this)
    own[pendingKey] &= ~SNAPSHOT
    if (nested ?? hasNestedValues(own[attributesKey])) {
      // JSON values can be mutated in place: they need a deep copy now
      own[originalKey] = cloneAttributes(own[attributesKey])
      own[flagsKey] &= ~(PRISTINE | FILLED)
    } else {
      state(this)[originalKey] = undefined
      state(this)[flagsKey] = (state(this)[flagsKey] | PRISTINE) & ~FILLED
    }
  }

  /** Applies adapter options: a transaction client becomes `$trx`, a connection `$options`. */
  $setOptionsAndTrx(options?: ModelAdapterOptions): void {
    if (!options) return
    // a query's hydration options carry its transaction and its models' `$options`,
    // worked out once per query (shape_samples.ts), not once per row
    const query = 'modelOptions' in options ? (options as QueryHydrationOptions) : undefined
    const { client } = options
    const trx = query ? query.trx : client?.isTransaction ? client : undefined
    if (trx) this.$trx = trx as TransactionClientContract
    if (query && this.$options === undefined) {
      this.$options = query.modelOptions
      return
    }
    const connection = options.connection ?? client?.connectionName
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

  /**
   * Replaces every attribute with `values`. A persisted model keeps its
   * primary key unless `values` sets one: it still stands for its row (a
   * removed key would be written as NULL, or fail the update).
   */
  fill(values: ModelValues<this & LucidRow>, allowExtraProperties = false): this {
    ensureNotDeleted(asRow(this))
    void this.$original // snapshot before the attributes are replaced
    const primaryKey = (this.constructor as LucidModel).primaryKey
    const key = this.$isPersisted ? this.$attributes[primaryKey] : undefined
    this.$attributes = key === undefined ? {} : { [primaryKey]: key }
    mergeValues(asRow(this), values as ModelObject, allowExtraProperties)
    setFlag(this, FILLED, true)
    return this
  }

  /** Merges `values` into the attributes (plain objects merge deeply). */
  merge(values: ModelValues<this & LucidRow>, allowExtraProperties = false): this {
    mergeValues(asRow(this), values as ModelObject, allowExtraProperties)
    return this
  }
}
