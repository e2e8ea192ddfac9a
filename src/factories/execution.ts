/**
 * Turns compiled rows into results: made in memory, stubbed with fake ids,
 * or planned for `create()` (nested factories and relations included).
 * Factory callbacks run in Lucid's order: `after('make')` first, then
 * `before('makeStubbed')` / `before('create')`, then the `after` ones.
 */
import { managedTransaction } from '../database/managed_transaction.js'
import { E_FACTORY_MISSING_PERSIST } from '../errors.js'
import { adapterOf } from '../orm/base_model/adapter_of.js'
import type { QueryClientContract, TransactionClientContract } from '../types/database.js'
import type { FactoryContextContract } from '../types/factory.js'
import type { LucidRow, ModelObject } from '../types/model.js'
import type { CompiledRow, GraphBuilder, Values } from './builder_options.js'
import { compileRows, runCallbacks, settlePending } from './compiler.js'
import { FactorySession } from './context.js'
import type { GraphPlace } from './graph_place.js'
import { buildMode, hasRelations, planMode, RelationGraph } from './graph_walk.js'
import { existingKey } from './values.js'
import { PersistencePlan, type PlanRow, type RowWriter } from './planner.js'

/** The relation walk of a build call (its rows share one faker), or none without entries. */
function buildGraph(
  builder: GraphBuilder,
  session: FactorySession,
  compiled: CompiledRow[],
  stubbed: boolean,
  place: GraphPlace | undefined
): RelationGraph<LucidRow> | undefined {
  if (compiled.length === 0 || !hasRelations(builder)) return undefined
  return new RelationGraph(builder, buildMode(session, compiled[0].ctx.faker, stubbed), place)
}

/** The attribute a nested use of a builder hands to its child. */
function keyName(builder: GraphBuilder): string {
  return builder.$options().returning ?? builder.factory.Model?.primaryKey ?? 'id'
}

/** Hands the builder's `recycle()` models to the session, for its parents and nested factories. */
function useRecycled(builder: GraphBuilder, session: FactorySession): void {
  const { recycle } = builder.$options()
  if (recycle.length) session.recycle([...recycle])
}

/**
 * Sets `attribute` from a recycled model of the nested factory's class;
 * false when there is none. `create()` gives the row's factory name
 * (`saving`): an unsaved model is refused there.
 */
function reuseRecycled(
  session: FactorySession,
  entry: CompiledRow,
  attribute: string,
  nested: GraphBuilder,
  saving?: string
): boolean {
  const ParentModel = nested.factory.Model
  const reused = ParentModel && session.recycledFor(ParentModel, entry.ctx.faker)
  if (!reused) return false
  const key = keyName(nested)
  ;(entry.row as Values)[attribute] =
    saving === undefined
      ? (reused as ModelObject)[key]
      : existingKey(reused, key, saving, attribute)
  return true
}

/**
 * Makes rows in memory, with their `with()`/`for()`/`hasAttached()` rows
 * set as relations. Nested factories are not made (no key to give), but a
 * recycled model of their class gives its key; `linked` keys come from a parent.
 */
export async function makeRows(
  builder: GraphBuilder,
  session: FactorySession,
  count: number,
  linked: readonly string[] = [],
  place?: GraphPlace
): Promise<object[]> {
  useRecycled(builder, session)
  const compiled = await compileRows(builder, session, count, place)
  const graph = buildGraph(builder, session, compiled, false, place)
  for (const entry of compiled) {
    for (const [attribute, nested] of entry.pending ?? []) {
      if (!linked.includes(attribute)) reuseRecycled(session, entry, attribute, nested)
    }
    await runCallbacks(builder, 'after:make', entry)
    await graph?.walk(entry.row as LucidRow)
  }
  return compiled.map(({ row }) => row)
}

/**
 * Stubs `count` rows, their nested factories first. `linked` names the
 * foreign keys the caller sets from a parent: their nested factories
 * (`userId: UserFactory`) are not built, as in Laravel.
 */
export async function stubRows(
  builder: GraphBuilder,
  session: FactorySession,
  count: number,
  linked: readonly string[],
  place?: GraphPlace
): Promise<object[]> {
  useRecycled(builder, session)
  const compiled = await compileRows(builder, session, count, place)
  const Model = builder.factory.Model
  const graph = buildGraph(builder, session, compiled, true, place)
  for (const entry of compiled) {
    for (const [attribute, nested] of entry.pending ?? []) {
      if (linked.includes(attribute) || reuseRecycled(session, entry, attribute, nested)) continue
      const [parent] = await nested.$stub(session, 1)
      ;(entry.row as Values)[attribute] = (parent as Values)[keyName(nested)]
    }
    // Lucid's order: after('make'), before('makeStubbed'), the fake id unless a hook set one
    await runCallbacks(builder, 'after:make', entry)
    await runCallbacks(builder, 'before:makeStubbed', entry)
    if (Model) {
      const row = entry.row as LucidRow
      if (row.$primaryKeyValue === undefined || row.$primaryKeyValue === null) {
        ;(row as ModelObject)[Model.primaryKey] = builder.factory.manager.nextStubId(row)
      }
    }
    await graph?.walk(entry.row as LucidRow)
    await runCallbacks(builder, 'after:makeStubbed', entry)
  }
  return compiled.map(({ row }) => row)
}

/**
 * Compiles `count` rows into `plan`, with their nested factories as
 * parent rows linked to them. Relation builders (`with`, `for`) plan
 * through this too. `linked` names the foreign keys the caller links to
 * a parent: their nested factories are not planned. `place` is where the
 * rows sit in the caller's relation graph (undefined: a call of their own).
 */
export async function planRows(
  builder: GraphBuilder,
  plan: PersistencePlan,
  session: FactorySession,
  count: number,
  linked: readonly string[],
  place?: GraphPlace
): Promise<PlanRow[]> {
  const { factory } = builder
  const options = builder.$options()
  useRecycled(builder, session)
  const compiled = await compileRows(builder, session, count, place)
  const Model = factory.Model
  const writer = Model
    ? plan.writerFor(Model, options.quiet || (session.options.quiet ?? false))
    : objectWriter(builder, compiled[0]?.ctx)
  const planned: PlanRow[] = []
  const graph =
    compiled.length && hasRelations(builder)
      ? new RelationGraph(builder, planMode(plan, session, compiled[0].ctx.faker), place)
      : undefined
  const hasBefore = factory.hasCallbacks('before:create')
  const hasAfter = factory.hasCallbacks('after:create')
  const hasAfterMake = factory.hasCallbacks('after:make')
  for (const entry of compiled) {
    if (hasAfterMake) {
      await runCallbacks(builder, 'after:make', entry)
      settlePending(entry)
    }
    const node = plan.add(entry.row, writer)
    // closures only for factories with create callbacks: thousands of rows otherwise
    if (hasBefore) {
      ;(node.before ??= []).push(() =>
        runCallbacks(builder, 'before:create', { ...entry, row: node.row })
      )
    }
    if (hasAfter) {
      ;(node.after ??= []).push(() =>
        runCallbacks(builder, 'after:create', { ...entry, row: node.row })
      )
    }
    if (entry.pending !== undefined) await planPending(plan, session, builder, entry, node, linked)
    if (graph !== undefined) await graph.walk(node)
    planned.push(node)
  }
  return planned
}

/** Plans the nested factories of a row's attributes (`userId: UserFactory`) as its parents. */
async function planPending(
  plan: PersistencePlan,
  session: FactorySession,
  builder: GraphBuilder,
  entry: CompiledRow,
  node: PlanRow,
  linked: readonly string[]
) {
  const { factory } = builder
  for (const [attribute, nested] of entry.pending!) {
    if (
      linked.includes(attribute) ||
      reuseRecycled(session, entry, attribute, nested, factory.name)
    )
      continue
    const [parent] = await session.nest(factory, nested.factory, () =>
      nested.$plan(plan, session, 1)
    )
    plan.link(node, attribute, parent, keyName(nested))
  }
}

/** The writer of a plain-object blueprint: its persist callback. */
function objectWriter(builder: GraphBuilder, ctx: FactoryContextContract | undefined): RowWriter {
  const persist = builder.factory.persistCallback
  return {
    name: builder.factory.name,
    async write(rows) {
      if (!persist || !ctx) return
      return (await persist(rows, ctx)) ?? undefined
    },
  }
}

/**
 * `createMany(count)`: plans the rows (nested factories and relations
 * included) and writes the plan in one transaction: the builder's, or a
 * managed one on the model's client.
 */
export async function createRows(builder: GraphBuilder, count: number): Promise<object[]> {
  const { factory } = builder
  const options = builder.$options()
  const Model = factory.Model
  if (!Model && !factory.persistCallback) {
    throw new E_FACTORY_MISSING_PERSIST(
      `Cannot create "${factory.name}" objects: the blueprint has no way to save them. ` +
        'Give one with .persist(async (rows) => ...), or use make()'
    )
  }
  const given = options.ctx?.$trx ?? options.client
  if (!Model) return createObjects(builder, count, given)
  const write = async (trx?: TransactionClientContract) => {
    const { quiet, seed } = options
    const session = new FactorySession({ isStubbed: false, $trx: trx, quiet, seed })
    const plan = new PersistencePlan()
    const planned = await builder.$plan(plan, session, count)
    await plan.persist(trx)
    return planned.map(({ row }) => row)
  }
  // a transaction given with client(trx) gets a savepoint, as in Lucid: a failure undoes the
  // graph alone and leaves the caller's transaction usable (pg aborts it on a failed statement)
  if (options.ctx?.$trx === undefined && given?.isTransaction) {
    return (given as TransactionClientContract).transaction(write)
  }
  return managedTransaction(given ?? adapterOf(Model).modelConstructorClient(Model, options), write)
}

/**
 * `createMany(count)` of a plain-object blueprint: plans the rows first, as
 * only then is it known whether nested model factories add model rows. A
 * blueprint without them needs no database; with them, the plan is written
 * in one transaction like a model's (a savepoint of a `client(trx)` one),
 * so a failing `persist` leaves no parent rows behind.
 */
async function createObjects(
  builder: GraphBuilder,
  count: number,
  given: QueryClientContract | undefined
): Promise<object[]> {
  const options = builder.$options()
  const outer = given?.isTransaction ? (given as TransactionClientContract) : undefined
  const { quiet, seed } = options
  const session = new FactorySession({ isStubbed: false, $trx: outer, quiet, seed, lateTrx: true })
  const plan = new PersistencePlan()
  const planned = await builder.$plan(plan, session, count)
  const [Parent] = plan.models()
  const persist = async (trx?: TransactionClientContract) => {
    session.options.$trx = trx
    try {
      await plan.persist(trx)
    } finally {
      session.options.$trx = outer
    }
  }
  if (Parent === undefined) {
    await persist(outer)
  } else if (outer && options.ctx?.$trx === undefined) {
    await outer.transaction(persist)
  } else {
    await managedTransaction(
      given ?? adapterOf(Parent).modelConstructorClient(Parent, options),
      persist
    )
  }
  return planned.map(({ row }) => row)
}
