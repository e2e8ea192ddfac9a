/**
 * The immutable builder of a factory: every call returns a new builder,
 * so a built factory is reused freely. Rows are compiled in memory
 * (compiler.ts: definition, merge, states, tap), then made, stubbed, or
 * created through the persistence plan in one transaction (execution.ts).
 */
import { E_FACTORY_NOT_SOFT_DELETABLE, E_INVALID_FACTORY_CALLBACK } from '../errors.js'
import type { QueryClientContract, TransactionClientContract } from '../types/database.js'
import type {
  FactoryBuilderLike,
  FactoryContextOverrides,
  FactoryModelContract,
  FactoryValues,
  Returned,
  SequenceItem,
  StateCallback,
} from '../types/factory.js'
import type { LucidRow, ModelAdapterOptions } from '../types/model.js'
import type { ExtractModelRelations } from '../types/relations.js'
import {
  emptyOptions,
  type BuilderOptions,
  type GraphBuilder,
  type PivotSource,
  type StateEntry,
  type Values,
} from './builder_options.js'
import { compileRows } from './compiler.js'
import { rowCount } from './counts.js'
import { FactorySession } from './context.js'
import { createRows, makeRows, planRows, stubRows } from './execution.js'
import type { GraphPlace } from './graph_place.js'
import type { PersistencePlan, PlanRow } from './planner.js'
import { Sequence } from './sequence.js'
import { attachedEntry, forEntry, hasEntry, withEntry } from './graph_entries.js'
import { isBuilder } from './relations.js'

/** What a `with()` callback returns: nothing (it called the builder's methods), or a builder of the related rows. */
type WithCallbackResult<Related> =
  Related extends FactoryBuilder<infer Rows, string, Record<string, unknown>, boolean, never>
    ? (FactoryBuilderLike & { readonly factory: FactoryModelContract<Rows> }) | void
    : Related | void

/** The relation names of a model row (none for a blueprint's plain objects). */
type RelationName<Row> = Row extends LucidRow ? ExtractModelRelations<Row> : never

/** A sequence entry given inline: values or a callback (a state name is one of `States`). */
type InlineSequenceItem<Row> = Exclude<SequenceItem<Row>, string>

/**
 * Builds rows of one factory.
 *
 * @example
 * const user = await UserFactory.merge({ email: 'a@b.c' }).apply('admin').create()
 * const ids = await UserFactory.returning('id').createMany(3)
 */
export class FactoryBuilder<
  Row extends object,
  States extends string = never,
  Relations extends Record<string, unknown> = Record<never, never>,
  Many extends boolean = false,
  Key extends keyof Row = never,
> implements GraphBuilder {
  readonly $isFactoryBuilder = true as const
  readonly #own: BuilderOptions
  /**
   * Set while a `with()` callback configures this builder (or one it led
   * to): every call also records its options there, so the calls a callback
   * makes on the builder it got count even when it returns nothing.
   */
  #recorder?: { options: BuilderOptions; active: boolean }

  constructor(
    /** The factory definition this builder uses. */
    readonly factory: FactoryModelContract<Row, Relations>,
    options: BuilderOptions = emptyOptions
  ) {
    this.#own = options
  }

  /** The options of this builder: for one a callback got (or led to), all the callback recorded. */
  get #options(): BuilderOptions {
    return this.#recorder ? this.#recorder.options : this.#own
  }

  /** A copy of this builder with some options changed (recorded while a callback configures it). */
  #clone<Next = this>(patch: Partial<BuilderOptions>): Next {
    const options = { ...this.#options, ...patch }
    const next = new FactoryBuilder(this.factory, options)
    if (this.#recorder?.active) {
      this.#recorder.options = options
      next.#recorder = this.#recorder
    }
    return next as Next
  }

  /**
   * Runs a callback given this builder, in either style: it returns a
   * builder (`(post) => post.apply('published')`), or calls methods on the
   * builder it got and returns nothing (Lucid's `(post) => { post.merge({...}) }`).
   * The callback gets a copy that records its calls; the builder to use is returned.
   */
  $configure(callback: (builder: this) => unknown, label: string): GraphBuilder {
    const recorder = { options: this.#options, active: true }
    const draft = new FactoryBuilder(this.factory, this.#options) as this
    draft.#recorder = recorder
    let result: unknown
    try {
      result = callback(draft)
    } finally {
      recorder.active = false
    }
    if (
      result === undefined ||
      (result instanceof FactoryBuilder && result.#recorder === recorder)
    ) {
      return new FactoryBuilder(this.factory, recorder.options)
    }
    if (isBuilder(result)) return result
    throw new E_INVALID_FACTORY_CALLBACK(
      typeof (result as PromiseLike<unknown> | null)?.then === 'function'
        ? `The callback of ${label} must be synchronous: it configures the builder before any row is made`
        : `The callback of ${label} must return a factory builder or nothing, not ${typeof result}`
    )
  }

  /* ------------------------------------------------------------------ */
  /* Configuration (each returns a new builder)                          */
  /* ------------------------------------------------------------------ */

  /** Makes `count` rows (a whole number from 0 up): `make()` and `create()` then resolve to arrays. */
  count(count: number): FactoryBuilder<Row, States, Relations, true, Key> {
    return this.#clone({ count: rowCount(count, 'count()') })
  }

  /** Overrides attributes; an array gives each row (by index) its own values. */
  merge(values: FactoryValues<Row> | FactoryValues<Row>[]): this {
    const merges = [...this.#options.merges, { values: values as Values, recursive: false }]
    return this.#clone({ merges })
  }

  /**
   * Overrides attributes on this row and on every related factory's rows
   * (`with`, `for`, `hasAttached`, Lucid's semantics; related rows take only
   * their own columns), merging nested plain objects key by key.
   */
  mergeRecursive(values: FactoryValues<Row> | FactoryValues<Row>[]): this {
    const merges = [...this.#options.merges, { values: values as Values, recursive: true }]
    return this.#clone({ merges })
  }

  /** Applies named states, in order, after `merge()` values; a state applied again is ignored. */
  apply(...states: States[]): this {
    const applied = new Set<string>()
    for (const entry of this.#options.states) if (entry.kind === 'state') applied.add(entry.name)
    const entries: StateEntry[] = []
    for (const name of states) {
      this.factory.getState(name)
      if (applied.has(name)) continue
      applied.add(name)
      entries.push({ kind: 'state', name })
    }
    return this.#clone({ states: [...this.#options.states, ...entries] })
  }

  /** Hands rows the given values, states or callbacks in turn (or one `Sequence`). */
  sequence(...items: (InlineSequenceItem<Row> | States | Sequence<Row>)[]): this {
    const sequence =
      items.length === 1 && items[0] instanceof Sequence
        ? items[0]
        : new Sequence<Row>(...(items as SequenceItem<Row>[]))
    // a misspelled state fails here, as with apply(), not when the rows are made
    for (const item of sequence.items) if (typeof item === 'string') this.factory.getState(item)
    return this.#clone({ states: [...this.#options.states, { kind: 'sequence', sequence }] })
  }

  /** Makes soft-deleted rows (`deletedAt` set to now); the model must use SoftDeletes. */
  trashed(): this {
    const Model = this.factory.Model
    if (!Model?.$softDeleteColumn) {
      throw new E_FACTORY_NOT_SOFT_DELETABLE(
        `Cannot make trashed "${this.factory.name}" rows: the model does not use soft deletes. ` +
          'Compose it with SoftDeletes: class X extends compose(BaseModel, SoftDeletes)'
      )
    }
    return this.#clone({ states: [...this.#options.states, { kind: 'trashed' }] })
  }

  /** Runs `callback` on every row after merge and states. */
  tap(callback: StateCallback<Row, FactoryBuilder<Row, States, Relations>>): this {
    return this.#clone({ taps: [...this.#options.taps, callback] })
  }

  /** `create()` resolves to this attribute of the row (an array for many rows). */
  returning<Name extends keyof Row & string>(
    key: Name
  ): FactoryBuilder<Row, States, Relations, Many, Name> {
    return this.#clone({ returning: key })
  }

  /** Uses the faker and/or transaction of another context. */
  useCtx(ctx: FactoryContextOverrides): this {
    return this.#clone({ ctx })
  }

  /** Runs the queries on this client; a transaction is used as-is (not committed). */
  client(client: QueryClientContract): this {
    return this.#clone({ client })
  }

  /** Runs the queries on this connection. */
  connection(connection: string): this {
    return this.#clone({ connection })
  }

  /** Lucid's `query({ connection, client })`: `connection()` and `client()` in one call. */
  query(options: ModelAdapterOptions = {}): this {
    const { client, connection } = options
    return this.#clone({ ...(client && { client }), ...(connection && { connection }) })
  }

  /** Creates rows without running model hooks (factory callbacks still run). */
  quietly(): this {
    return this.#clone({ quiet: true })
  }

  /** Uses a faker seeded from `seed` (and the factory's name) for this builder's rows. */
  seed(seed: number): this {
    return this.#clone({ seed })
  }

  /**
   * Makes `count` related rows per row through a relation of the model
   * (hasOne, hasMany, manyToMany; belongsTo makes the parent). The callback
   * gets the related factory and the parent row; it returns the builder to use,
   * `with('posts', 3, (post) => post.apply('published').with('comments', 2))`,
   * or calls its methods and returns nothing, `(post) => { post.merge({ title: 'A' }) }`.
   */
  with<Name extends keyof Relations & string>(
    relation: Name,
    count = 1,
    callback?: (related: Relations[Name], parent: Row) => WithCallbackResult<Relations[Name]>
  ): this {
    const entry = withEntry(this.factory, relation, rowCount(count, `with('${relation}')`))
    const related = this.factory.getRelation(relation).factory()
    if (callback && isBuilder(related)) {
      const label = `with('${relation}')`
      entry.configure = (parent: Row) =>
        related.$configure((draft) => callback(draft, parent), label)
    }
    return this.#clone({ withs: [...this.#options.withs, entry] })
  }

  /** Laravel's spelling of `with`: `has(PostFactory.count(3))`, the relation found by model. */
  has(related: GraphBuilder, relation?: RelationName<Row>): this {
    const entry = hasEntry(this.factory, related, relation)
    return this.#clone({ withs: [...this.#options.withs, entry] })
  }

  /** A belongs-to parent: a factory (one new parent for all the rows) or an existing model. */
  for(parent: GraphBuilder | LucidRow, relation?: RelationName<Row>): this {
    const entry = forEntry(this.factory, parent, relation)
    return this.#clone({ fors: [...this.#options.fors, entry] })
  }

  /**
   * Attaches many-to-many rows with pivot attributes: existing models, or a
   * factory (`RoleFactory.count(2)` makes two per row). Pivot attributes may
   * be computed from the parent row.
   */
  hasAttached(
    related: GraphBuilder | LucidRow | LucidRow[],
    pivot?: PivotSource<Row>,
    relation?: RelationName<Row>
  ): this {
    const entry = attachedEntry(this.factory, related, pivot, relation)
    return this.#clone({ attached: [...this.#options.attached, entry] })
  }

  /** Pivot attributes of these rows when they are attached through `with()` (one object, or one per row). */
  pivotAttributes(attributes: Record<string, unknown> | Record<string, unknown>[]): this {
    return this.#clone({ pivotAttributes: attributes })
  }

  /** Reuses these models for every belongs-to parent (or nested factory) of their class. */
  recycle(models: LucidRow | LucidRow[]): this {
    return this.#clone({ recycle: [...this.#options.recycle, ...[models].flat()] })
  }

  /** The options recorded so far (compiling and execution read them). */
  $options(): BuilderOptions {
    return this.#options
  }

  /** `mergeRecursive()` with values handed down by a parent factory (its own columns only). */
  $mergeRecursive(values: Values): GraphBuilder {
    return this.#clone({ merges: [...this.#options.merges, { values, recursive: true }] })
  }

  /** This builder on a parent's client and connection (a related factory of a `with()`, `for()` ...). */
  $runOn(client: QueryClientContract | undefined, connection: string | undefined): GraphBuilder {
    return this.#clone({ client, connection })
  }

  /* ------------------------------------------------------------------ */
  /* Results                                                             */
  /* ------------------------------------------------------------------ */

  /** The attributes of a row, without instantiating callbacks or the database. */
  async raw(): Promise<Many extends true ? FactoryValues<Row>[] : FactoryValues<Row>> {
    const rows = await this.rawMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** The attributes of `count` rows. */
  async rawMany(count: number): Promise<FactoryValues<Row>[]> {
    const compiled = await compileRows(this, this.#session(false), rowCount(count, 'rawMany()'))
    return compiled.map(({ row }) => {
      const attributes = this.factory.Model ? (row as LucidRow).$attributes : row
      return { ...attributes } as FactoryValues<Row>
    })
  }

  /** A row in memory, not saved (`after('make')` callbacks run). */
  async make(): Promise<Many extends true ? Row[] : Row> {
    const rows = await this.makeMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** `count` rows in memory, not saved. */
  async makeMany(count: number): Promise<Row[]> {
    return (await this.$make(this.#session(false), rowCount(count, 'makeMany()'))) as Row[]
  }

  /** Makes rows in memory, with their `with()`/`for()`/`hasAttached()` rows set as relations. */
  $make(
    session: FactorySession,
    count: number,
    linked: readonly string[] = [],
    place?: GraphPlace
  ): Promise<object[]> {
    return makeRows(this, session, count, linked, place)
  }

  /** Stubs `count` rows; `linked` foreign keys come from a parent (their nested factories are skipped). */
  $stub(
    session: FactorySession,
    count: number,
    linked: readonly string[] = [],
    place?: GraphPlace
  ): Promise<object[]> {
    return stubRows(this, session, count, linked, place)
  }

  /** Compiles `count` rows into `plan`; `linked` foreign keys come from a parent. */
  $plan(
    plan: PersistencePlan,
    session: FactorySession,
    count: number,
    linked: readonly string[] = [],
    place?: GraphPlace
  ): Promise<PlanRow[]> {
    return planRows(this, plan, session, count, linked, place)
  }

  /** A row with a fake primary key and stubbed parents; no query is issued. */
  async makeStubbed(): Promise<Many extends true ? Row[] : Row> {
    const rows = await this.makeStubbedMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** `count` stubbed rows. */
  async makeStubbedMany(count: number): Promise<Row[]> {
    const rows = await this.$stub(this.#session(true), rowCount(count, 'makeStubbedMany()'))
    return rows as Row[]
  }

  /** A saved row (or its `returning()` key). */
  async create(): Promise<Many extends true ? Returned<Row, Key>[] : Returned<Row, Key>> {
    const rows = await this.createMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** `count` saved rows (or their `returning()` keys), written in one transaction. */
  async createMany(count: number): Promise<Returned<Row, Key>[]> {
    const rows = (await createRows(this, rowCount(count, 'createMany()'))) as Row[]
    const key = this.#options.returning
    return (key === undefined ? rows : rows.map((row) => row[key as keyof Row])) as never
  }

  /** A session for a `make` or `makeStubbed` call. */
  #session(isStubbed: boolean): FactorySession {
    const client = this.#options.client
    const $trx =
      this.#options.ctx?.$trx ??
      (client?.isTransaction ? (client as TransactionClientContract) : undefined)
    return new FactorySession({ isStubbed, $trx, seed: this.#options.seed })
  }
}
