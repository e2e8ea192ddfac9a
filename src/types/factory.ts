/**
 * Public contracts of model factories: the context definitions and
 * callbacks receive, the values a definition may hold, and the callback
 * signatures of states, hooks, newUp and merge.
 */
import type { Faker } from '@faker-js/faker'
import type { QueryClientContract, TransactionClientContract } from './database.js'
import type { LucidModel, LucidRow, ModelAdapterOptions, ModelValues } from './model.js'

/** Options of `ctx.unique()`. */
export interface UniqueOptions {
  /** Name of the value store; defaults to the generator's source text. */
  key?: string
  /** Attempts before giving up with `E_FACTORY_UNIQUE_EXHAUSTED` (default 100). */
  maxRetries?: number
}

/** What definitions, states, sequences and callbacks receive. */
export interface FactoryContextContract {
  /** The factory's own faker instance (its locale, its seed). */
  faker: Faker
  /** True inside `makeStubbed()`. */
  isStubbed: boolean
  /** The transaction `create()` runs in. */
  $trx: TransactionClientContract | undefined
  /** Position of the row in its batch, from 0. */
  index: number
  /** Rows this factory made so far, from 1 (reset by `ModelFactory.seed()`). */
  sequence: number
  /** Calls `generate` until its value was not handed out earlier in this batch. */
  unique<T>(generate: () => T, options?: UniqueOptions): T
}

/** What `useCtx()` accepts: a context (or part of one) to run with. */
export type FactoryContextOverrides = Partial<Pick<FactoryContextContract, 'faker' | '$trx'>>

/** Attribute values of a row: the model's attributes, or the plain object's keys. */
export type FactoryValues<Row> = Row extends LucidRow ? ModelValues<Row> : Partial<Row>

/** Anything that builds rows and can stand for a foreign key in a definition. */
export interface FactoryBuilderLike {
  readonly $isFactoryBuilder: true
}

/** A definition entry: a value, a closure on the other attributes, or a factory whose key is used. */
export type DefinitionValue<Value, Row> =
  Value | FactoryBuilderLike | ((attributes: FactoryValues<Row>) => Value)

/** What a definition callback returns. */
export type FactoryDefinition<Row> = {
  [Key in keyof FactoryValues<Row>]?: DefinitionValue<FactoryValues<Row>[Key], Row>
}

/**
 * The definition callback of `ModelFactory.define()`: the attributes, or
 * (as in Lucid) a model instance to use as the row.
 */
export type DefineCallback<Row> = (
  ctx: FactoryContextContract
) => FactoryDefinition<Row> | Row | Promise<FactoryDefinition<Row> | Row>

/**
 * A state (or tap) callback: it changes the row; what it returns is ignored
 * (a promise is awaited), so Lucid's `(post) => (post.status = 'PUBLISHED')` fits.
 */
export type StateCallback<Row, Builder = unknown> = (
  row: Row,
  ctx: FactoryContextContract,
  builder: Builder
) => unknown

/** One entry of a sequence: values, a state name, or a callback returning values. */
export type SequenceItem<Row> =
  | FactoryValues<Row>
  | string
  | ((
      sequence: { index: number; count: number },
      ctx: FactoryContextContract
    ) => FactoryValues<Row>)

/** Lifecycle events factory callbacks attach to. */
export type FactoryBeforeEvent = 'create' | 'makeStubbed'
export type FactoryAfterEvent = 'make' | 'create' | 'makeStubbed'

/** A factory lifecycle callback: `(builder, row, ctx)`, as in Lucid. */
export type FactoryHookCallback<Row, Builder = unknown> = (
  builder: Builder,
  row: Row,
  ctx: FactoryContextContract
) => void | Promise<void>

/** Options of `after()`: `state` runs the callback only when that state is applied. */
export interface FactoryHookOptions<States extends string = string> {
  state?: States
}

/**
 * Replaces how a row is instantiated from its definition attributes (or
 * from the model instance the definition returned); gets the builder, as in Lucid.
 */
export type NewUpCallback<Row, Builder = unknown> = (
  attributes: Record<string, unknown>,
  ctx: FactoryContextContract,
  Model: LucidModel | undefined,
  builder: Builder
) => Row

/** Replaces how overrides are merged into a row; gets the builder, as in Lucid. */
export type MergeCallback<Row, Builder = unknown> = (
  row: Row,
  values: Record<string, unknown>,
  ctx: FactoryContextContract,
  builder: Builder
) => void

/** Saves the rows of a plain-object blueprint; may return the saved rows. */
export type PersistCallback<Row> = (
  rows: Row[],
  ctx: FactoryContextContract
) => Promise<Row[] | void> | Row[] | void

/** Makes the fake primary key of a stubbed model. */
export type StubIdCallback = (counter: number, row: LucidRow) => unknown

/** What `create()` resolves to: the row, or the key chosen with `returning()`. */
export type Returned<Row, Key> = [Key] extends [never]
  ? Row
  : Key extends keyof Row
    ? Row[Key]
    : never

/** Where `create()` writes: a client (or transaction) and a connection name. */
export interface FactoryClientOptions {
  client?: QueryClientContract
  connection?: string
}

/** What a factory model needs from its manager. */
export interface FactoryManagerSettings {
  /** Locale of factories that set none. */
  readonly defaultLocale: string
  /** Global seed, when `seed()` was called. */
  readonly globalSeed: number | undefined
  /** The next fake id of a stubbed model. */
  nextStubId(row: LucidRow): unknown
}

/** The events a factory callback listens to. */
export type FactoryHookEvent = `before:${FactoryBeforeEvent}` | `after:${FactoryAfterEvent}`

/*
 * How a factory keeps the callbacks it was given. Each callback was checked
 * against the factory's row and builder types where it was given (`state()`,
 * `after()`, `tap()` ...); the compiler calls it with a row of that factory
 * and the builder running it. These types are declared as methods so their
 * parameters compare both ways: a callback written for `User` rows and the
 * factory's own builder is stored as one of `object` rows and any builder,
 * without widening anything to `any`.
 */

/** A stored state or tap callback. */
export type StoredStateCallback<Row = object> = {
  call(row: Row, ctx: FactoryContextContract, builder: FactoryBuilderLike): unknown
}['call']

/** A stored lifecycle callback. */
export type StoredHookCallback<Row = object> = {
  call(builder: FactoryBuilderLike, row: Row, ctx: FactoryContextContract): void | Promise<void>
}['call']

/** A stored `newUp()` callback. */
export type StoredNewUpCallback<Row = object> = {
  call(
    attributes: Record<string, unknown>,
    ctx: FactoryContextContract,
    Model: LucidModel | undefined,
    builder: FactoryBuilderLike
  ): Row
}['call']

/** A stored `merge()` callback. */
export type StoredMergeCallback<Row = object> = {
  call(
    row: Row,
    values: Record<string, unknown>,
    ctx: FactoryContextContract,
    builder: FactoryBuilderLike
  ): void
}['call']

/** A stored `persist()` callback. */
export type StoredPersistCallback<Row = object> = {
  call(rows: Row[], ctx: FactoryContextContract): Promise<Row[] | void> | Row[] | void
}['call']

/** A registered lifecycle callback. */
export interface FactoryHook<Row = object> {
  event: FactoryHookEvent
  callback: StoredHookCallback<Row>
  state?: string
}

/** A state: a callback, or values merged into the row. */
export type FactoryState<Row = object> = StoredStateCallback<Row> | Record<string, unknown>

/** A relation of a model, as `Model.$getRelation(name)` returns it. */
export type ModelRelation = NonNullable<ReturnType<LucidModel['$getRelation']>>

/** A relation registered with `relation()`: the model's relation and the factory of its rows. */
export interface FactoryRelation<Factory = unknown> {
  /** The model's relation (what `Model.$getRelation(name)` returns). */
  readonly relation: ModelRelation
  /** Returns the factory that makes the related rows. */
  readonly factory: () => Factory
}

/**
 * What a builder reads of its factory definition (`FactoryModel` implements
 * it): builders and the compiler depend on this contract, not on the class.
 * `Relations` maps the names given to `relation()` to their factories.
 */
export interface FactoryModelContract<
  Row extends object = object,
  Relations extends Record<string, unknown> = Record<string, unknown>,
> {
  readonly manager: FactoryManagerSettings
  /** The model class, or undefined for a plain-object blueprint. */
  readonly Model: LucidModel | undefined
  /** The model's class name or the blueprint's name (seeds derive from it). */
  readonly name: string
  readonly definition: DefineCallback<Row>
  readonly states: Record<string, FactoryState<Row>>
  readonly relations: Record<string, FactoryRelation>
  readonly newUpCallback?: StoredNewUpCallback<Row>
  readonly mergeCallback?: StoredMergeCallback<Row>
  readonly persistCallback?: StoredPersistCallback<Row>
  getState(name: string): FactoryState<Row>
  getRelation<Name extends keyof Relations & string>(name: Name): FactoryRelation<Relations[Name]>
  reset(): void
  faker(seed?: number): Faker
  nextSequence(): number
  hasCallbacks(event: FactoryHookEvent): boolean
  callbacks(event: FactoryHookEvent, states: ReadonlySet<string>): FactoryHook<Row>[]
}

/** The attributes a factory of `Model` may set (Lucid's name). */
export type ExtractFactoryAttributes<Model extends LucidModel> = FactoryValues<InstanceType<Model>>

/** Lucid's name for the events of factory hooks (`before('create')`, `after('make')` ...). */
export type EventsList = FactoryAfterEvent

/**
 * The builder of a model factory, as Lucid types it (the builder `build()`
 * returns, and the one hooks and `with()` callbacks receive): the calls a
 * callback makes on it. `FactoryBuilder` of `stratum/factories` is what
 * implements it, with states and relations typed by name.
 */
export interface FactoryBuilderContract<Model extends LucidModel, _Factory = unknown> {
  readonly $isFactoryBuilder: true
  /** Writes through this connection. */
  connection(connection: string): this
  /** Writes through this query client (or transaction). */
  client(client: QueryClientContract): this
  /** `connection()` and `client()` in one call, as Lucid's `Factory.query({ connection })`. */
  query(options?: ModelAdapterOptions): this
  /** Values merged into every row. */
  merge(values: ExtractFactoryAttributes<Model> | ExtractFactoryAttributes<Model>[]): this
  /** Values merged into every row and the rows of its nested factories. */
  mergeRecursive(values: ExtractFactoryAttributes<Model> | ExtractFactoryAttributes<Model>[]): this
  /** Applies states by name. */
  apply(...states: string[]): this
  /** Overrides the context (`faker`, `$trx`) callbacks receive. */
  useCtx(ctx: FactoryContextOverrides): this
  /** Makes `count` rows in memory. */
  makeMany(count: number): Promise<InstanceType<Model>[]>
  /** Stubs `count` rows. */
  makeStubbedMany(count: number): Promise<InstanceType<Model>[]>
  /** Saves `count` rows. */
  createMany(count: number): Promise<InstanceType<Model>[]>
}

/** Lucid's name for what `build()` returns: in Stratum, the builder itself. */
export type FactoryBuilderQueryContract<
  Model extends LucidModel,
  Factory = unknown,
> = FactoryBuilderContract<Model, Factory>

/** A factory hook: the builder, the row and the context (`before('create', handler)`). */
export type HooksHandler<Model extends LucidModel, Factory = unknown> = (
  builder: FactoryBuilderContract<Model, Factory>,
  row: InstanceType<Model>,
  ctx: FactoryContextContract
) => void | Promise<void>

/** A `with()` callback: configures the builder of the related rows. */
export type RelationCallback = (builder: FactoryBuilderContract<LucidModel>) => void

/** A relation registered with `relation()` (Lucid's name). */
export type FactoryRelationContract = FactoryRelation
