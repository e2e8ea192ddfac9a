/**
 * The model contracts the query and relation contracts build on: a row
 * without its query and relation methods (`LucidRowBase`), the class as a
 * constructor of rows (`LucidModelBase`), column options and the helpers
 * that check attribute names at compile time. `model.ts` completes them
 * into `LucidRow` and `LucidModel` and re-exports all of this.
 */
import type { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from './database.js'

/**
 * A primary key's value: `any`, as in Lucid, so ids read from a row can be
 * bound and compared without narrowing (one declaration for the row and BaseModel).
 */
export type PrimaryKeyValue = any

/** A plain object of model data. */
export type ModelObject = Record<string, any>

/** Options of `@column`. */
export interface ColumnOptions {
  /** Column name in the database; defaults from the naming strategy. */
  columnName: string
  /** Key in serialized output; `null` hides the column. */
  serializeAs: string | null
  isPrimary: boolean
  /** Anything the app wants to keep with the column (Stratum never reads it). */
  meta?: unknown
  // method signatures: a callback typed for its column (`(value: DateTime) => ...`) is accepted
  /** Turns the value into what `serialize()` outputs. */
  serialize?(value: unknown, attribute: string, model: LucidRowBase): unknown
  /** Turns the value into what is written to the database. */
  prepare?(value: unknown, attribute: string, model: LucidRowBase): unknown
  /** Turns what the database returned into the attribute value. */
  consume?(value: unknown, attribute: string, model: LucidRowBase): unknown
}

/** A column as the model keeps it. */
export interface ModelColumnOptions extends ColumnOptions {
  hasGetter: boolean
  hasSetter: boolean
}

/** Options of `@column.date` / `@column.dateTime`. */
export interface DateColumnOptions extends ColumnOptions {
  /** Set to now on insert. */
  autoCreate: boolean
  /** Set to now on every update. */
  autoUpdate: boolean
}

/** Options of `@computed`. */
export interface ComputedOptions {
  serializeAs: string | null
  /** Anything the app wants to keep with the computed property (Stratum never reads it). */
  meta?: unknown
}

/** Where a model runs its queries. */
export interface ModelAdapterOptions {
  client?: QueryClientContract
  connection?: string
}

/** `create`/`merge`-style options. */
export interface ModelAssignOptions extends ModelAdapterOptions {
  allowExtraProperties?: boolean
}

/** A model instance's own options (set by `useConnection` or a query). */
export interface ModelOptions {
  connection?: string
}

/** Model lifecycle events with hooks. */
export type EventsList = 'save' | 'create' | 'update' | 'delete' | 'fetch' | 'find' | 'paginate'

/** Events whose after-hooks can wait for the transaction to commit. */
export type CommitEvents = 'save' | 'create' | 'update' | 'delete'

/** Fields to keep or drop when serializing. */
export interface CherryPickFields {
  pick?: string[]
  omit?: string[]
}

/** Cherry picking tree for `serialize()`. */
export interface CherryPick {
  fields?: CherryPickFields | string[]
  relations?: { [relation: string]: CherryPick }
}

/** Names tables, columns, serialized keys and relation keys. */
export interface NamingStrategyContract {
  tableName(model: LucidModelBase): string
  columnName(model: LucidModelBase, attributeName: string): string
  serializedName(model: LucidModelBase, attributeName: string): string
  relationLocalKey(
    relation: string,
    model: LucidModelBase,
    relatedModel: LucidModelBase,
    relationName: string
  ): string
  relationForeignKey(
    relation: string,
    model: LucidModelBase,
    relatedModel: LucidModelBase,
    relationName: string
  ): string
  relationPivotTable(
    relation: 'manyToMany',
    model: LucidModelBase,
    relatedModel: LucidModelBase,
    relationName: string
  ): string
  relationPivotForeignKey(
    relation: 'manyToMany',
    model: LucidModelBase,
    relatedModel: LucidModelBase,
    relationName: string
  ): string
  paginationMetaKeys(): Record<
    | 'total'
    | 'perPage'
    | 'currentPage'
    | 'lastPage'
    | 'firstPage'
    | 'firstPageUrl'
    | 'lastPageUrl'
    | 'nextPageUrl'
    | 'previousPageUrl',
    string
  >
}

/** Options of `Model.$insertMany()`. */
export interface InsertManyOptions extends ModelAdapterOptions {
  /** Skip the model hooks (like `saveQuietly`). */
  quiet?: boolean
}

/**
 * Brand carried by relation property types (`HasMany<typeof Post>` ...), so
 * attribute helpers can leave relations out.
 */
export interface ModelRelationTypes {
  readonly __opaque_type:
    | 'hasOne'
    | 'hasMany'
    | 'belongsTo'
    | 'manyToMany'
    | 'hasManyThrough'
    | 'morphTo'
    | 'morphOne'
    | 'morphMany'
    | 'morphToMany'
    | 'morphedByMany'
}

/** Any function (methods are not attributes). */
type Functionish = (...args: never[]) => unknown

/** True when two types are identical (used to spot readonly properties). */
type IfEquals<X, Y, Then, Else> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? Then : Else

/** Keys of properties that can be assigned (getter-only properties are readonly). */
type WritableKeys<T> = {
  [Key in keyof T]-?: IfEquals<{ [K in Key]: T[Key] }, { -readonly [K in Key]: T[Key] }, Key, never>
}[keyof T]

/** A model's own members: everything BaseModel does not define. */
type OwnMembers<Model extends LucidRowBase> = Omit<Model, keyof LucidRowBase | 'serializeExtras'>

/**
 * The attributes of a model instance: its own writable data properties,
 * without BaseModel's members, methods, getters and relations.
 */
export type ModelAttributes<Model extends LucidRowBase> = {
  [
    Key in WritableKeys<OwnMembers<Model>> as OwnMembers<Model>[Key] extends
      Functionish | ModelRelationTypes
      ? never
      : Key
  ]: OwnMembers<Model>[Key]
}

/** Attribute values accepted by create/merge/fill: any subset of the attributes. */
export type ModelValues<Model extends LucidRowBase> = Partial<ModelAttributes<Model>>

/** Attribute names of a model instance. */
export type ModelAttributeName<Model extends LucidRowBase> = keyof ModelAttributes<Model> & string

/** The instance type of a model class. */
export type ModelInstance<Model extends LucidModelBase> = InstanceType<Model>

/** A value a DateTime column accepts. */
export type DateTimeValue = DateTime | null | undefined

/** The transaction client models carry in `$trx`. */
export type ModelTransaction = TransactionClientContract

/**
 * A model instance without its query and relation methods: attributes and
 * their state, persistence and serialization. `LucidRow` adds the rest.
 */
export interface LucidRowBase {
  /** Connection the instance uses. */
  $options?: ModelOptions
  /** Set by `serializeExtras = true` on a model to output `$extras` under `meta`. */
  serializeExtras?: boolean | (() => ModelObject)
  /** Column values by attribute name (a hydrated row may be adopted as they are). */
  get $attributes(): ModelObject
  set $attributes(value: ModelObject)
  /** True once the row exists in the database. */
  get $isPersisted(): boolean
  set $isPersisted(value: boolean)
  /** True when the instance was made here rather than fetched. */
  get $isLocal(): boolean
  set $isLocal(value: boolean)
  /** True once `delete()` ran: the instance is frozen. */
  get $isDeleted(): boolean
  set $isDeleted(value: boolean)
  /** Loaded relations by name. */
  get $preloaded(): Record<string, LucidRowBase | LucidRowBase[] | null>
  set $preloaded(value: Record<string, LucidRowBase | LucidRowBase[] | null>)
  /** The loaded relations, or undefined when none was loaded (no allocation). */
  $loadedRelations(): Record<string, LucidRowBase | LucidRowBase[] | null> | undefined
  /** Values of the row that are not columns (aggregates, extra selects). */
  get $extras(): ModelObject
  set $extras(value: ModelObject)
  /** Values handed down by `query().sideload()`. */
  get $sideloaded(): ModelObject
  set $sideloaded(value: ModelObject)
  /** The transaction the instance runs in, until it completes. */
  get $trx(): TransactionClientContract | undefined
  set $trx(trx: TransactionClientContract | undefined)
  /** Opposite of `$isPersisted`. */
  get $isNew(): boolean
  /** Value of the primary key. */
  get $primaryKeyValue(): PrimaryKeyValue
  /** Column values as last read from or written to the database. */
  get $original(): ModelObject
  set $original(value: ModelObject)
  /** Attributes changed since the last read or write. */
  get $dirty(): ModelObject
  /** True when some attribute changed. */
  get $isDirty(): boolean
  /** True when any (or any of the given) attributes changed. */
  isDirty(fields?: string | string[]): boolean
  /** Forces the next `save()` to issue an update even when nothing changed. */
  enableForceUpdate(): this
  /** Consumes and resets the force update flag (persistence uses it). */
  $takeForceUpdate(): boolean
  /** Reads an attribute. */
  $getAttribute(key: string): unknown
  /**
   * A getter's value derived from an attribute, computed again only once the
   * attribute changes (compared with `===`):
   * `get tags() { return this.$getAttributeFromCache('tags', (raw) => raw.split(',')) }`.
   */
  $getAttributeFromCache<Value>(key: string, callback: (value: unknown) => Value): Value
  /** Writes an attribute (throws `E_MODEL_DELETED` on a deleted instance). */
  $setAttribute(key: string, value: unknown): void
  /**
   * Marks the current attributes as the persisted state. `nested` says
   * whether they hold JSON values; hydration passes it when it already knows.
   */
  $hydrateOriginals(nested?: boolean): void
  /** Applies adapter options: a transaction client becomes `$trx`, a connection `$options`. */
  $setOptionsAndTrx(options?: ModelAdapterOptions): void
  /** Runs the instance's queries in this transaction. */
  useTransaction(trx: TransactionClientContract): this
  /** Runs the instance's queries on that connection. */
  useConnection(connection: string): this
  /** Replaces every attribute with `values`. */
  fill(values: ModelValues<this>, allowExtraProperties?: boolean): this
  /** Merges `values` into the attributes (plain objects merge deeply). */
  merge(values: ModelValues<this>, allowExtraProperties?: boolean): this

  /** Inserts or updates (dirty columns only) the row, running the save hooks. */
  save(): Promise<this>
  /** `save()` without hooks. */
  saveQuietly(): Promise<this>
  /** Deletes the row and freezes the instance. */
  delete(): Promise<void>
  /** `delete()` without hooks. */
  deleteQuietly(): Promise<void>
  /** Reloads the attributes from the database. */
  refresh(): Promise<this>
  /** Locks the row (`FOR UPDATE`) in a transaction and hands a fresh copy to `callback`. */
  lockForUpdate<T>(callback: (model: this) => Promise<T> | T): Promise<T>
  /** True when the relation was loaded. */
  $hasRelated(key: string): boolean
  /** Stores loaded related models. */
  $setRelated(key: string, models: LucidRowBase | LucidRowBase[] | null): void
  /** Appends related models to a has-many style relation. */
  $pushRelated(key: string, models: LucidRowBase | LucidRowBase[]): void
  /** Loaded related models (undefined when not loaded). */
  $getRelated(key: string): LucidRowBase | LucidRowBase[] | null | undefined
  /** Column values under their serialized names (`serializeAs: null` hidden). */
  serializeAttributes(fields?: CherryPickFields | string[], raw?: boolean): ModelObject
  /** Computed properties under their serialized names. */
  serializeComputed(fields?: CherryPickFields | string[]): ModelObject
  /** Loaded relations, serialized. */
  serializeRelations(cherryPick?: CherryPick['relations'], raw?: boolean): ModelObject
  /** The model as a plain object for JSON: attributes, relations, computed (and extras). */
  serialize(cherryPick?: CherryPick): ModelObject
  /** What `JSON.stringify` outputs: `serialize()`. */
  toJSON(): ModelObject
  /** Attributes by attribute name, relations, computed values and `$extras`. */
  toObject(): ModelObject
  /** Attributes by attribute name (no serialization). */
  toAttributes(): ModelObject
}

/** A model class as the contracts below `LucidModel` need it: a constructor of rows. */
export interface LucidModelBase {
  new (): LucidRowBase
}
