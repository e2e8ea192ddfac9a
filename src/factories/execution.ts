/**
 * Turns compiled rows into results: made in memory, stubbed with fake ids,
 * or planned for `create()` (nested factories and relations included).
 * Factory callbacks run in Lucid's order: `after('make')` first, then
 * `before('makeStubbed')` / `before('create')`, then the `after` ones.
 */
import type { FactoryContextContract } from '../types/factory.js'
import type { LucidRow, ModelObject } from '../types/model.js'
import type { BuilderOptions, Values } from './builder_options.js'
import { compileRows, runCallbacks, type CompilingBuilder } from './compiler.js'
import type { FactorySession } from './context.js'
import type { PersistencePlan, PlanRow, RowWriter } from './planner.js'
import {
  buildRelations,
  planRelations,
  recycledModel,
  type ForEntry,
  type GraphBuilder,
  type GraphHost,
} from './relations.js'

/** A builder as execution sees it: compiled, and able to stub or plan its nested factories. */
export interface ExecutingBuilder extends CompilingBuilder {
  $stub(session: FactorySession, count: number, linked?: readonly string[]): Promise<object[]>
  $plan(
    plan: PersistencePlan,
    session: FactorySession,
    count: number,
    linked?: readonly string[]
  ): Promise<PlanRow[]>
}

/** What the relation graph functions need of a builder. */
function graphHost(builder: ExecutingBuilder): GraphHost {
  const { withs, fors, attached, merges }: BuilderOptions = builder.$options()
  const recursive = merges
    .filter((merge) => merge.recursive && !Array.isArray(merge.values))
    .map((merge) => merge.values as Values)
  return { builder: builder as unknown as GraphBuilder, withs, fors, attached, recursive }
}

/** The attribute a nested use of a builder hands to its child. */
function keyName(builder: ExecutingBuilder): string {
  return builder.$options().returning ?? builder.factory.Model?.primaryKey ?? 'id'
}

/** Makes rows in memory, with their `with()`/`for()`/`hasAttached()` rows set as relations. */
export async function makeRows(
  builder: ExecutingBuilder,
  session: FactorySession,
  count: number
): Promise<object[]> {
  const compiled = await compileRows(builder, session, count)
  const shared = new Map<ForEntry, LucidRow>()
  for (const entry of compiled) {
    await runCallbacks(builder, 'after:make', entry)
    await buildRelations(graphHost(builder), session, entry.row as LucidRow, shared, false)
  }
  return compiled.map(({ row }) => row)
}

/**
 * Stubs `count` rows, their nested factories first. `linked` names the
 * foreign keys the caller sets from a parent: their nested factories
 * (`userId: UserFactory`) are not built, as in Laravel.
 */
export async function stubRows(
  builder: ExecutingBuilder,
  session: FactorySession,
  count: number,
  linked: readonly string[]
): Promise<object[]> {
  const compiled = await compileRows(builder, session, count)
  const Model = builder.factory.Model
  const shared = new Map<ForEntry, LucidRow>()
  for (const entry of compiled) {
    for (const [attribute, nested] of entry.pending) {
      if (linked.includes(attribute)) continue
      const parentBuilder = nested as ExecutingBuilder
      const [parent] = await parentBuilder.$stub(session, 1)
      ;(entry.row as Values)[attribute] = (parent as Values)[keyName(parentBuilder)]
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
    await buildRelations(graphHost(builder), session, entry.row as LucidRow, shared, true)
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
  builder: ExecutingBuilder,
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
  // `for()` parents are shared by every row of the call
  const forParents = new Map<ForEntry, PlanRow | LucidRow>()
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
      const parentBuilder = nested as ExecutingBuilder
      const ParentModel = parentBuilder.factory.Model
      const reused =
        ParentModel &&
        recycledModel(session, ParentModel, (list) => entry.ctx.faker.helpers.arrayElement(list))
      if (reused) {
        ;(entry.row as Values)[attribute] = (reused as ModelObject)[keyName(parentBuilder)]
        continue
      }
      const [parent] = await session.nest(factory, parentBuilder.factory, () =>
        parentBuilder.$plan(plan, session, 1)
      )
      plan.link(node, attribute, parent, keyName(parentBuilder))
    }
    await planRelations(graphHost(builder), plan, session, node, entry.ctx.faker, forParents)
    planned.push(node)
  }
  return planned
}

/** The writer of a plain-object blueprint: its persist callback. */
function objectWriter(
  builder: ExecutingBuilder,
  ctx: FactoryContextContract | undefined
): RowWriter {
  const persist = builder.factory.persistCallback
  return {
    name: builder.factory.name,
    async write(rows) {
      if (!persist || !ctx) return
      return (await persist(rows, ctx)) ?? undefined
    },
  }
}
