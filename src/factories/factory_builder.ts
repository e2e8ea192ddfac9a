/**
 * The immutable builder of a factory: every call returns a new builder,
 * so a built factory is reused freely. Rows are compiled in memory
 * (definition, merge, states, tap), then made, stubbed, or created
 * through the persistence plan in one transaction.
 */
import { DateTime } from 'luxon'
import { managedTransaction } from '../database/managed_transaction.js'
import {
  E_FACTORY_MISSING_PERSIST,
  E_FACTORY_NOT_SOFT_DELETABLE,
  E_UNSUPPORTED_FACTORY_RELATION,
} from '../errors.js'
import type { QueryClientContract, TransactionClientContract } from '../types/database.js'
import type {
  FactoryBuilderLike,
  FactoryContextContract,
  FactoryContextOverrides,
  FactoryValues,
  Returned,
  SequenceItem,
  StateCallback,
} from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import { FactorySession, rowContext } from './context.js'
import type { FactoryModel } from './factory_model.js'
import { PersistencePlan, type PlanRow, type RowWriter } from './planner.js'
import { Sequence } from './sequence.js'
import {
  buildRelations,
  inferRelation,
  isBuilder,
  relatedFactory,
  planRelations,
  recycledModel,
  relationOf,
  type AttachedEntry,
  type ForEntry,
  type GraphBuilder,
  type GraphHost,
  type PivotSource,
  type WithEntry,
} from './relations.js'
import { mergeDeep, resolveValues, setOwn } from './values.js'

type Values = Record<string, unknown>

/** A state applied to every row: a named state, a sequence, or `trashed()`. */
type StateEntry =
  { kind: 'state'; name: string } | { kind: 'sequence'; sequence: Sequence } | { kind: 'trashed' }

/** Everything a builder call records; copied, never mutated. */
interface BuilderOptions {
  count?: number
  merges: readonly { values: Values | Values[]; recursive: boolean }[]
  states: readonly StateEntry[]
  taps: readonly StateCallback<any, any>[]
  returning?: string
  ctx?: FactoryContextOverrides
  client?: QueryClientContract
  connection?: string
  quiet: boolean
  seed?: number
  withs: readonly WithEntry[]
  fors: readonly ForEntry[]
  attached: readonly AttachedEntry[]
  pivotAttributes?: Record<string, unknown> | Record<string, unknown>[]
  recycle: readonly LucidRow[]
}

/** A compiled row and the nested factories `create()` still has to resolve. */
interface CompiledRow {
  row: object
  ctx: FactoryContextContract
  states: Set<string>
  pending: Map<string, FactoryBuilderLike>
}

const emptyOptions: BuilderOptions = {
  merges: [],
  states: [],
  taps: [],
  quiet: false,
  withs: [],
  fors: [],
  attached: [],
  recycle: [],
}

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
> implements FactoryBuilderLike {
  readonly $isFactoryBuilder = true as const
  readonly #options: BuilderOptions

  constructor(
    /** The factory definition this builder uses. */
    readonly factory: FactoryModel<Row, any, any>,
    options: BuilderOptions = emptyOptions
  ) {
    this.#options = options
  }

  /** A copy of this builder with some options changed. */
  #clone<Next = this>(patch: Partial<BuilderOptions>): Next {
    return new FactoryBuilder(this.factory, { ...this.#options, ...patch }) as Next
  }

  /* ------------------------------------------------------------------ */
  /* Configuration (each returns a new builder)                          */
  /* ------------------------------------------------------------------ */

  /** Makes `count` rows: `make()` and `create()` then resolve to arrays. */
  count(count: number): FactoryBuilder<Row, States, Relations, true, Key> {
    return this.#clone({ count: Math.max(0, Math.floor(count)) })
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

  /** Applies named states, in order, after `merge()` values. */
  apply(...states: States[]): this {
    for (const name of states) this.factory.getState(name)
    const entries = states.map((name): StateEntry => ({ kind: 'state', name }))
    return this.#clone({ states: [...this.#options.states, ...entries] })
  }

  /** Hands rows the given values, states or callbacks in turn (or one `Sequence`). */
  sequence(...items: (SequenceItem<Row> | States | Sequence<Row>)[]): this {
    const sequence =
      items.length === 1 && items[0] instanceof Sequence
        ? items[0]
        : new Sequence<Row>(...(items as SequenceItem<Row>[]))
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
   * gets the related factory and the parent row, and returns the builder to use:
   * `with('posts', 3, (post) => post.apply('published').with('comments', 2))`.
   */
  with<Name extends keyof Relations & string>(
    relation: Name,
    count = 1,
    callback?: (related: Relations[Name], parent: Row) => Relations[Name]
  ): this {
    relationOf(this as unknown as GraphBuilder, relation)
    relatedFactory(this as unknown as GraphBuilder, relation)
    return this.#clone({ withs: [...this.#options.withs, { relation, count, callback }] })
  }

  /** Laravel's spelling of `with`: `has(PostFactory.count(3))`, the relation found by model. */
  has(related: FactoryBuilderLike, relation?: string): this {
    const builder = related as unknown as GraphBuilder
    const name =
      relation ??
      inferRelation(
        this as unknown as GraphBuilder,
        builder.factory.Model,
        ['hasOne', 'hasMany', 'manyToMany'],
        'has'
      )
    relationOf(this as unknown as GraphBuilder, name)
    return this.#clone({ withs: [...this.#options.withs, { relation: name, builder }] })
  }

  /** A belongs-to parent: a factory (one new parent for all the rows) or an existing model. */
  for(parent: FactoryBuilderLike | LucidRow, relation?: string): this {
    const Related = isBuilder(parent)
      ? parent.factory.Model
      : ((parent as LucidRow).constructor as LucidModel)
    const name =
      relation ?? inferRelation(this as unknown as GraphBuilder, Related, ['belongsTo'], 'for')
    const kind = relationOf(this as unknown as GraphBuilder, name).type
    if (kind !== 'belongsTo') return this.#forbid('for', name, kind)
    return this.#clone({ fors: [...this.#options.fors, { relation: name, parent }] })
  }

  /**
   * Attaches many-to-many rows with pivot attributes: existing models, or a
   * factory (`RoleFactory.count(2)` makes two per row). Pivot attributes may
   * be computed from the parent row.
   */
  hasAttached(
    related: FactoryBuilderLike | LucidRow | LucidRow[],
    pivot?: PivotSource,
    relation?: string
  ): this {
    const first = Array.isArray(related) ? related[0] : related
    const Related = isBuilder(first)
      ? first.factory.Model
      : ((first as LucidRow | undefined)?.constructor as LucidModel | undefined)
    const name =
      relation ??
      inferRelation(this as unknown as GraphBuilder, Related, ['manyToMany'], 'hasAttached')
    const kind = relationOf(this as unknown as GraphBuilder, name).type
    if (kind !== 'manyToMany') return this.#forbid('hasAttached', name, kind)
    return this.#clone({
      attached: [...this.#options.attached, { relation: name, related, pivot }],
    })
  }

  /** Pivot attributes of these rows when they are attached through `with()` (one object, or one per row). */
  pivotAttributes(attributes: Record<string, unknown> | Record<string, unknown>[]): this {
    return this.#clone({ pivotAttributes: attributes })
  }

  /** Reuses these models for every belongs-to parent (or nested factory) of their class. */
  recycle(models: LucidRow | LucidRow[]): this {
    return this.#clone({ recycle: [...this.#options.recycle, ...[models].flat()] })
  }

  #forbid(method: string, name: string, kind: string): never {
    throw new E_UNSUPPORTED_FACTORY_RELATION(
      `${method}('${name}') needs a ${method === 'for' ? 'belongsTo' : 'manyToMany'} relation, ` +
        `but "${this.factory.name}.${name}" is ${kind}`
    )
  }

  /** What the relation graph functions need of this builder. */
  #graphHost(): GraphHost {
    const { withs, fors, attached, merges } = this.#options
    const recursive = merges
      .filter((merge) => merge.recursive && !Array.isArray(merge.values))
      .map((merge) => merge.values as Values)
    return { builder: this as unknown as GraphBuilder, withs, fors, attached, recursive }
  }

  /** The `count()` of this builder, if set (relations use it). */
  $count(): number | undefined {
    return this.#options.count
  }

  /** The pivot attributes set with `pivotAttributes()`. */
  $pivotAttributes() {
    return this.#options.pivotAttributes
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
    const compiled = await this.#compile(this.#session(false), count)
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
    return (await this.$make(this.#session(false), count)) as Row[]
  }

  /** Makes rows in memory, with their `with()`/`for()`/`hasAttached()` rows set as relations. */
  async $make(session: FactorySession, count: number): Promise<object[]> {
    const compiled = await this.#compile(session, count)
    const shared = new Map<ForEntry, LucidRow>()
    for (const entry of compiled) {
      await this.#runCallbacks('after:make', entry)
      await buildRelations(this.#graphHost(), session, entry.row as LucidRow, shared, false)
    }
    return compiled.map(({ row }) => row)
  }

  /** A row with a fake primary key and stubbed parents; no query is issued. */
  async makeStubbed(): Promise<Many extends true ? Row[] : Row> {
    const rows = await this.makeStubbedMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** `count` stubbed rows. */
  async makeStubbedMany(count: number): Promise<Row[]> {
    const rows = await this.$stub(this.#session(true), count)
    return rows as Row[]
  }

  /** A saved row (or its `returning()` key). */
  async create(): Promise<Many extends true ? Returned<Row, Key>[] : Returned<Row, Key>> {
    const rows = await this.createMany(this.#options.count ?? 1)
    return (this.#options.count === undefined ? rows[0] : rows) as never
  }

  /** `count` saved rows (or their `returning()` keys), written in one transaction. */
  async createMany(count: number): Promise<Returned<Row, Key>[]> {
    const Model = this.factory.Model
    if (!Model && !this.factory.persistCallback) {
      throw new E_FACTORY_MISSING_PERSIST(
        `Cannot create "${this.factory.name}" objects: the blueprint has no way to save them. ` +
          'Give one with .persist(async (rows) => ...), or use make()'
      )
    }
    const given = this.#options.ctx?.$trx ?? this.#options.client
    const write = async (trx?: TransactionClientContract) => {
      const session = new FactorySession({
        isStubbed: false,
        $trx: trx,
        quiet: this.#options.quiet,
        seed: this.#options.seed,
      })
      const plan = new PersistencePlan()
      const planned = await this.$plan(plan, session, count)
      await plan.persist(trx)
      return planned.map(({ row }) => row as Row)
    }
    // a blueprint without model parents needs no database
    const rows = Model
      ? await managedTransaction(
          given ?? Model.$adapter.modelConstructorClient(Model, this.#options),
          write
        )
      : await write(given?.isTransaction ? (given as TransactionClientContract) : undefined)
    const key = this.#options.returning
    return (key === undefined ? rows : rows.map((row) => row[key as keyof Row])) as never
  }

  /* ------------------------------------------------------------------ */
  /* Compilation and planning                                            */
  /* ------------------------------------------------------------------ */

  /** A session for a `make` or `makeStubbed` call. */
  #session(isStubbed: boolean): FactorySession {
    const client = this.#options.client
    const $trx =
      this.#options.ctx?.$trx ??
      (client?.isTransaction ? (client as TransactionClientContract) : undefined)
    return new FactorySession({ isStubbed, $trx, seed: this.#options.seed })
  }

  /** Compiles `count` rows: definition, merge, states, tap. */
  async #compile(session: FactorySession, count: number): Promise<CompiledRow[]> {
    const run = session.run(this.factory, (seed) => this.factory.faker(seed))
    const rows: CompiledRow[] = []
    for (let index = 0; index < count; index++) {
      const sequence = this.factory.nextSequence()
      const ctx = rowContext(session, run, index, sequence, this.#options.ctx?.faker)
      rows.push(await this.#compileRow(ctx, index))
    }
    return rows
  }

  /** Merge values (then states, then taps) override the definition. */
  async #compileRow(ctx: FactoryContextContract, index: number): Promise<CompiledRow> {
    const pending = new Map<string, FactoryBuilderLike>()
    const states = new Set<string>()
    const definition = { ...(await this.factory.definition(ctx)) } as Values
    const customMerge = this.factory.mergeCallback
    let attributes = definition
    const overrides: Values[] = []
    for (const { values, recursive } of this.#options.merges) {
      const entry = Array.isArray(values) ? values[index] : values
      if (!entry) continue
      if (customMerge) overrides.push(entry)
      else attributes = recursive ? mergeDeep(attributes, entry) : { ...attributes, ...entry }
    }
    const row = this.#newUp(resolveValues(attributes, pending), ctx)
    for (const entry of overrides) this.#assign(row, entry, ctx, pending)
    for (const entry of this.#options.states) {
      await this.#applyState(row, entry, ctx, index, pending, states)
    }
    for (const tap of this.#options.taps) await tap(row, ctx, this)
    // a nested factory is skipped when a state or tap set the key itself
    for (const key of [...pending.keys()]) {
      const value = (row as Values)[key]
      if (value !== undefined && value !== null) pending.delete(key)
    }
    return { row, ctx, states, pending }
  }

  /** A new row from its attributes: the factory's `newUp`, or `new Model()` / a plain object. */
  #newUp(values: Values, ctx: FactoryContextContract): object {
    const Model = this.factory.Model
    if (this.factory.newUpCallback) return this.factory.newUpCallback(values, ctx, Model)
    if (!Model) return { ...values }
    const row = new Model()
    const { client, connection } = this.#options
    if (connection || client) row.$setOptionsAndTrx({ client, connection })
    row.merge(values as never)
    return row
  }

  /** Merges values into a row (closures see the row's attributes, factories go pending). */
  #assign(
    row: object,
    values: Values,
    ctx: FactoryContextContract,
    pending: Map<string, FactoryBuilderLike>
  ) {
    const current = this.factory.Model ? (row as LucidRow).$attributes : (row as Values)
    const resolved = resolveValues(values, pending, current)
    if (this.factory.mergeCallback) this.factory.mergeCallback(row as Row, resolved, ctx)
    else if (this.factory.Model) (row as LucidRow).merge(resolved as never)
    else for (const [key, value] of Object.entries(resolved)) setOwn(row as Values, key, value)
  }

  async #applyState(
    row: object,
    entry: StateEntry,
    ctx: FactoryContextContract,
    index: number,
    pending: Map<string, FactoryBuilderLike>,
    states: Set<string>
  ) {
    if (entry.kind === 'trashed') {
      ;(row as Values)[this.factory.Model!.$softDeleteColumn!] = DateTime.local()
      return
    }
    let name: string
    if (entry.kind === 'sequence') {
      const resolved = entry.sequence.resolve(index, ctx)
      if (!resolved) return
      if ('values' in resolved) return this.#assign(row, resolved.values as Values, ctx, pending)
      name = resolved.state
    } else {
      name = entry.name
    }
    const state = this.factory.getState(name)
    states.add(name)
    if (typeof state === 'function') await state(row, ctx, this)
    else this.#assign(row, state, ctx, pending)
  }

  /** Runs the factory callbacks of `event` for a row. */
  async #runCallbacks(
    event: Parameters<FactoryModel<Row>['callbacks']>[0],
    { row, ctx, states }: CompiledRow
  ) {
    if (!this.factory.hasCallbacks(event)) return
    for (const hook of this.factory.callbacks(event, states)) await hook.callback(this, row, ctx)
  }

  /** The attribute a nested use of this factory hands to its child. */
  #keyName(): string {
    return this.#options.returning ?? this.factory.Model?.primaryKey ?? 'id'
  }

  /**
   * Stubs `count` rows, their nested factories first. `linked` names the
   * foreign keys the caller sets from a parent: their nested factories
   * (`userId: UserFactory`) are not built, as in Laravel.
   */
  async $stub(
    session: FactorySession,
    count: number,
    linked: readonly string[] = []
  ): Promise<object[]> {
    const compiled = await this.#compile(session, count)
    const Model = this.factory.Model
    const shared = new Map<ForEntry, LucidRow>()
    for (const entry of compiled) {
      for (const [attribute, nested] of entry.pending) {
        if (linked.includes(attribute)) continue
        const builder = nested as FactoryBuilder<object>
        const [parent] = await builder.$stub(session, 1)
        ;(entry.row as Values)[attribute] = (parent as Values)[builder.#keyName()]
      }
      await this.#runCallbacks('before:makeStubbed', entry)
      if (Model) {
        const row = entry.row as LucidRow
        const key = Model.primaryKey
        if (row.$primaryKeyValue === undefined || row.$primaryKeyValue === null) {
          ;(row as unknown as Values)[key] = this.factory.manager.nextStubId(row)
        }
      }
      await buildRelations(this.#graphHost(), session, entry.row as LucidRow, shared, true)
      await this.#runCallbacks('after:makeStubbed', entry)
    }
    return compiled.map(({ row }) => row)
  }

  /**
   * Compiles `count` rows into `plan`, with their nested factories as
   * parent rows linked to them. Relation builders (`with`, `for`) plan
   * through this too. `linked` names the foreign keys the caller links to
   * a parent: their nested factories are not planned.
   */
  async $plan(
    plan: PersistencePlan,
    session: FactorySession,
    count: number,
    linked: readonly string[] = []
  ): Promise<PlanRow[]> {
    if (this.#options.recycle.length) session.recycle([...this.#options.recycle])
    const compiled = await this.#compile(session, count)
    const Model = this.factory.Model
    const writer = Model
      ? plan.writerFor(Model, this.#options.quiet || (session.options.quiet ?? false))
      : this.#objectWriter(compiled[0]?.ctx)
    const planned: PlanRow[] = []
    // `for()` parents are shared by every row of the call
    const forParents = new Map<ForEntry, PlanRow | LucidRow>()
    const hasBefore = this.factory.hasCallbacks('before:create')
    const hasAfter = this.factory.hasCallbacks('after:create')
    for (const entry of compiled) {
      await this.#runCallbacks('after:make', entry)
      const node = plan.add(entry.row, writer)
      // closures only for factories with create callbacks: thousands of rows otherwise
      if (hasBefore) {
        node.before.push(() => this.#runCallbacks('before:create', { ...entry, row: node.row }))
      }
      if (hasAfter) {
        node.after.push(() => this.#runCallbacks('after:create', { ...entry, row: node.row }))
      }
      for (const [attribute, nested] of entry.pending) {
        if (linked.includes(attribute)) continue
        const builder = nested as FactoryBuilder<object>
        const reused =
          builder.factory.Model &&
          recycledModel(session, builder.factory.Model, (list) =>
            entry.ctx.faker.helpers.arrayElement(list)
          )
        if (reused) {
          ;(entry.row as Values)[attribute] = (reused as unknown as Values)[builder.#keyName()]
          continue
        }
        const [parent] = await session.nest(this.factory, builder.factory, () =>
          builder.$plan(plan, session, 1)
        )
        plan.link(node, attribute, parent, builder.#keyName())
      }
      await planRelations(this.#graphHost(), plan, session, node, entry.ctx.faker, forParents)
      planned.push(node)
    }
    return planned
  }

  /** The writer of a plain-object blueprint: its persist callback. */
  #objectWriter(ctx: FactoryContextContract | undefined): RowWriter {
    const persist = this.factory.persistCallback
    const name = this.factory.name
    return {
      name,
      async write(rows) {
        if (!persist || !ctx) return
        return (await persist(rows as Row[], ctx)) ?? undefined
      },
    }
  }
}
