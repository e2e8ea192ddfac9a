/**
 * Public contracts of the ORM: model and row types, column options, the
 * naming strategy, the adapter and the type helpers that check attribute
 * names at compile time.
 */
import type { DateTime } from 'luxon'
import type { BaseModel } from '../orm/base_model/base_model.js'
import type { ModelQueryBuilderContract } from './model_query.js'
import type { QueryClientContract, TransactionClientContract } from './database.js'

/** A plain object of model data. */
export type ModelObject = Record<string, any>

/** The model class type (any subclass of BaseModel). */
export type LucidModel = typeof BaseModel

/** A model instance. */
export type LucidRow = BaseModel

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
  serialize?(value: unknown, attribute: string, model: LucidRow): unknown
  /** Turns the value into what is written to the database. */
  prepare?(value: unknown, attribute: string, model: LucidRow): unknown
  /** Turns what the database returned into the attribute value. */
  consume?(value: unknown, attribute: string, model: LucidRow): unknown
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
  tableName(model: LucidModel): string
  columnName(model: LucidModel, attributeName: string): string
  serializedName(model: LucidModel, attributeName: string): string
  relationLocalKey(
    relation: string,
    model: LucidModel,
    relatedModel: LucidModel,
    relationName: string
  ): string
  relationForeignKey(
    relation: string,
    model: LucidModel,
    relatedModel: LucidModel,
    relationName: string
  ): string
  relationPivotTable(
    relation: 'manyToMany',
    model: LucidModel,
    relatedModel: LucidModel,
    relationName: string
  ): string
  relationPivotForeignKey(
    relation: 'manyToMany',
    model: LucidModel,
    relatedModel: LucidModel,
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

/** Bridge between models and the database. */
export interface AdapterContract {
  modelConstructorClient(model: LucidModel, options?: ModelAdapterOptions): QueryClientContract
  modelClient(instance: LucidRow): QueryClientContract
  query<Model extends LucidModel>(
    model: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model>
  insert(instance: LucidRow, attributes: ModelObject): Promise<void>
  update(instance: LucidRow, attributes: ModelObject): Promise<void>
  delete(instance: LucidRow): Promise<void>
  refresh(instance: LucidRow): Promise<void>
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
type OwnMembers<Model extends LucidRow> = Omit<Model, keyof LucidRow | 'serializeExtras'>

/**
 * The attributes of a model instance: its own writable data properties,
 * without BaseModel's members, methods, getters and relations.
 */
export type ModelAttributes<Model extends LucidRow> = {
  [
    Key in WritableKeys<OwnMembers<Model>> as OwnMembers<Model>[Key] extends
      Functionish | ModelRelationTypes
      ? never
      : Key
  ]: OwnMembers<Model>[Key]
}

/** Attribute values accepted by create/merge/fill: any subset of the attributes. */
export type ModelValues<Model extends LucidRow> = Partial<ModelAttributes<Model>>

/** Attribute names of a model instance. */
export type ModelAttributeName<Model extends LucidRow> = keyof ModelAttributes<Model> & string

/** The instance type of a model class. */
export type ModelInstance<Model extends LucidModel> = InstanceType<Model>

/** A value a DateTime column accepts. */
export type DateTimeValue = DateTime | null | undefined

/** The transaction client models carry in `$trx`. */
export type ModelTransaction = TransactionClientContract
