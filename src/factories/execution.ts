/**
 * Turns compiled rows into results: made in memory, stubbed with fake ids,
 * or planned for `create()` (nested factories and relations included).
 * Factory callbacks run in Lucid's order: `after('make')` first, then
 * `before('makeStubbed')` / `before('create')`, then the `after` ones.
 */
import type { FactoryContextContract } from '../types/factory.js'
import type { LucidRow, ModelObject } from '../types/model.js'
import type { CompiledRow, GraphBuilder, Values } from './builder_options.js'
import { compileRows, runCallbacks } from './compiler.js'
import type { FactorySession } from './context.js'
import { buildMode, planMode, RelationGraph } from './graph_walk.js'
import type { PersistencePlan, PlanRow, RowWriter } from './planner.js'

/** The relation walk of a build call (its rows share one faker), or none without entries. */
function buildGraph(
  builder: GraphBuilder,
  session: FactorySession,
  compiled: CompiledRow[],
  stubbed: boolean
): RelationGraph<LucidRow> | undefined {
  if (compiled.length === 0 || !builder.factory.Model) return undefined
  const graph = new RelationGraph(builder, buildMode(session, compiled[0].ctx.faker, stubbed))
  return graph.isEmpty ? undefined : graph
}

/** The attribute a nested use of a builder hands to its child. */
function keyName(builder: GraphBuilder): string {
  return builder.$options().returning ?? builder.factory.Model?.primaryKey ?? 'id'
}

/** Makes rows in memory, with their `with()`/`for()`/`hasAttached()` rows set as relations. */
export async function makeRows(
  builder: GraphBuilder,
  session: FactorySession,
  count: number
): Promise<object[]> {
  const compiled = await compileRows(builder, session, count)
  const graph = buildGraph(builder, session, compiled, false)
  for (const entry of compiled) {
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
  linked: readonly string[]
): Promise<object[]> {
  const compiled = await compileRows(builder, session, count)
  const Model = builder.factory.Model
  const graph = buildGraph(builder, session, compiled, true)
  for (const entry of compiled) {
    for (const [attribute, nested] of entry.pending) {
      if (linked.includes(attribute)) continue
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
 * a parent: their nested factories are not planned.
 */
export async function planRows(
  builder: GraphBuilder,
  plan: PersistencePlan,
  session: FactorySession,
  count: number,
  linked: readonly string[]
): Promise<PlanRow[]> {
  const { factory } = builder
  const options = builder.$options()
  if (options.recycle.length) session.recycle([...options.recycle])
  const compiled = await compileRows(builder, session, count)
  const Model = factory.Model
  const writer = Model
    ? plan.writerFor(Model, options.quiet || (session.options.quiet ?? false))
    : objectWriter(builder, compiled[0]?.ctx)
  const planned: PlanRow[] = []
  const graph =
    compiled.length && Model
      ? new RelationGraph(builder, planMode(plan, session, compiled[0].ctx.faker))
      : undefined
  const walk = graph && !graph.isEmpty ? graph : undefined
  const hasBefore = factory.hasCallbacks('before:create')
  const hasAfter = factory.hasCallbacks('after:create')
  const hasAfterMake = factory.hasCallbacks('after:make')
  for (const entry of compiled) {
    if (hasAfterMake) await runCallbacks(builder, 'after:make', entry)
    const node = plan.add(entry.row, writer)
    // closures only for factories with create callbacks: thousands of rows otherwise
    if (hasBefore) {
      node.before.push(() => runCallbacks(builder, 'before:create', { ...entry, row: node.row }))
    }
    if (hasAfter) {
      node.after.push(() => runCallbacks(builder, 'after:create', { ...entry, row: node.row }))
    }
    for (const [attribute, nested] of entry.pending) {
      if (linked.includes(attribute)) continue
      const ParentModel = nested.factory.Model
      const reused = ParentModel && session.recycledFor(ParentModel, entry.ctx.faker)
      if (reused) {
        ;(entry.row as Values)[attribute] = (reused as ModelObject)[keyName(nested)]
        continue
      }
      const [parent] = await session.nest(factory, nested.factory, () =>
        nested.$plan(plan, session, 1)
      )
      plan.link(node, attribute, parent, keyName(nested))
    }
    await walk?.walk(node)
    planned.push(node)
  }
  return planned
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
