/**
 * Compiles the rows of a builder in memory: the definition (attributes or
 * a model instance), `merge()` values, states and taps, in that order, and
 * runs the factory's lifecycle callbacks on compiled rows.
 */
import { DateTime } from 'luxon'
import { isPlainObject } from '../database/plain_object.js'
import { E_INVALID_FACTORY_CALLBACK } from '../errors.js'
import type { FactoryContextContract, FactoryHookEvent } from '../types/factory.js'
import type { LucidRow } from '../types/model.js'
import type { CompiledRow, GraphBuilder, StateEntry, Values } from './builder_options.js'
import { rowContext, type FactorySession } from './context.js'
import type { GraphPlace } from './graph_place.js'
import { relationOf } from './relations.js'
import { mergeDeep, pick, resolveValues, setOwn, writeAttribute } from './values.js'

/** What compiling needs of a builder: its factory and options (and itself, for callbacks). */
type CompilingBuilder = Pick<GraphBuilder, 'factory' | '$options' | '$isFactoryBuilder'>

/**
 * Compiles `count` rows: definition, merge, states, tap. At a `place` of a
 * relation graph, sequences go on from the rows its other parents got.
 */
export async function compileRows(
  builder: CompilingBuilder,
  session: FactorySession,
  count: number,
  place?: GraphPlace
): Promise<CompiledRow[]> {
  const factory = builder.factory
  const options = builder.$options()
  const run = session.run(factory, (seed) => factory.faker(seed))
  const faker = options.ctx?.faker
  const starts = place?.claim(options.states, count)
  const replaced = options.fors.length || options.withs.length ? parentKeys(builder) : undefined
  const rows: CompiledRow[] = []
  for (let index = 0; index < count; index++) {
    const ctx = rowContext(session, run, index, factory.nextSequence(), faker)
    // awaited only when something in it was asynchronous: thousands of rows otherwise
    const row = compileRow(builder, ctx, index, starts, replaced)
    rows.push(row instanceof Promise ? await row : row)
  }
  return rows
}

/**
 * The attributes the builder's `for()` parents (and `with()` on a
 * belongsTo) set on its rows; undefined: none.
 */
function parentKeys(builder: CompilingBuilder): string[] | undefined {
  const { fors, withs } = builder.$options()
  let keys: string[] | undefined
  for (const entries of [fors, withs]) {
    for (const { relation } of entries) {
      const parent = relationOf(builder.factory, relation).parent
      if (parent !== undefined) (keys ??= []).push(...parent.keys)
    }
  }
  return keys
}

/**
 * The definition without the attributes parents set, as Laravel's
 * `for()` replaces them: its nested factory for the key (`userId:
 * UserFactory`) is not made. A model instance the definition returned has
 * them unset; a plain object is copied.
 */
function withoutParentKeys(defined: Values, keys: readonly string[], instance: boolean): Values {
  let values = defined
  for (const key of keys) {
    if (values[key] === undefined) continue
    if (instance) {
      writeAttribute(values, key, undefined)
      continue
    }
    if (values === defined) values = { ...defined }
    delete values[key]
  }
  return values
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}

/**
 * Merge values (then states, then taps) override the definition. `starts`:
 * the running index of the batch's first row for each sequence (undefined:
 * the row's index); `replaced`: the attributes parents set (`parentKeys`).
 */
function compileRow(
  builder: CompilingBuilder,
  ctx: FactoryContextContract,
  index: number,
  starts: number[] | undefined,
  replaced: readonly string[] | undefined
): CompiledRow | Promise<CompiledRow> {
  const defined = builder.factory.definition(ctx)
  return isThenable(defined)
    ? Promise.resolve(defined).then((values) =>
        buildRow(builder, ctx, index, values as Values, starts, replaced)
      )
    : buildRow(builder, ctx, index, defined as Values, starts, replaced)
}

function buildRow(
  builder: CompilingBuilder,
  ctx: FactoryContextContract,
  index: number,
  defined: Values,
  starts: number[] | undefined,
  replaced: readonly string[] | undefined
): CompiledRow | Promise<CompiledRow> {
  const { factory } = builder
  const options = builder.$options()
  const Model = factory.Model
  // a definition may return a model instance (Lucid): merges then apply to it
  const instance = Model !== undefined && defined instanceof Model
  const customMerge = factory.mergeCallback !== undefined || instance
  // never written to: merges and resolveValues build new objects
  let attributes = replaced === undefined ? defined : withoutParentKeys(defined, replaced, instance)
  const overrides: { values: Values; recursive: boolean }[] = []
  for (const { values, recursive } of options.merges) {
    const entry = Array.isArray(values) ? values[index] : values
    if (!entry) continue
    if (customMerge) overrides.push({ values: entry, recursive })
    else attributes = recursive ? mergeDeep(attributes, entry) : { ...attributes, ...entry }
  }
  // states and pending factories are made on first use: most rows have neither
  const compiled: CompiledRow = { row: attributes, ctx, states: undefined, pending: undefined }
  let folded = nothingFolded
  if (!customMerge && options.states.length > 0) {
    folded = { entries: 0, sequences: 0 }
    attributes = foldValueStates(builder, compiled, attributes, index, starts, folded)
  }
  compiled.row = newUp(builder, instance ? attributes : resolveValues(attributes, compiled), ctx)
  for (const { values, recursive } of overrides) {
    assign(builder, compiled, values, recursive)
  }
  if (options.states.length === folded.entries && options.taps.length === 0) {
    return settlePending(compiled)
  }
  return applyStatesAndTaps(builder, compiled, index, starts, folded)
}

/** How many leading state entries (of them, sequences) `foldValueStates` merged. */
interface Folded {
  entries: number
  sequences: number
}

const nothingFolded: Readonly<Folded> = { entries: 0, sequences: 0 }

/**
 * Merges the states given as values, and sequence values, that come before
 * any callback state into the attributes, so the definition's closures see
 * them (Laravel applies states before it evaluates closures). A callback
 * state changes the row later, in its turn.
 */
function foldValueStates(
  builder: CompilingBuilder,
  compiled: CompiledRow,
  attributes: Values,
  index: number,
  starts: number[] | undefined,
  folded: Folded
): Values {
  const { factory } = builder
  let values = attributes
  for (const entry of builder.$options().states) {
    if (entry.kind === 'trashed') break
    let name: string | undefined
    if (entry.kind === 'sequence') {
      const position = starts === undefined ? index : starts[folded.sequences] + index
      const resolved = entry.sequence.resolve(position, compiled.ctx)
      if (resolved !== undefined && 'values' in resolved) values = { ...values, ...resolved.values }
      else if (resolved !== undefined) name = resolved.state
    } else {
      name = entry.name
    }
    if (name !== undefined) {
      const state = factory.getState(name)
      if (typeof state === 'function') break
      ;(compiled.states ??= new Set()).add(name)
      values = { ...values, ...(state as Values) }
    }
    folded.entries++
    if (entry.kind === 'sequence') folded.sequences++
  }
  return values
}

async function applyStatesAndTaps(
  builder: CompilingBuilder,
  compiled: CompiledRow,
  index: number,
  starts: number[] | undefined,
  folded: Folded
): Promise<CompiledRow> {
  const options = builder.$options()
  let sequences = folded.sequences
  for (const entry of options.states.slice(folded.entries)) {
    // a sequence's entry: the row's running index at its place in the graph
    const position =
      entry.kind === 'sequence' && starts !== undefined ? starts[sequences++] + index : index
    await applyState(builder, compiled, entry, position)
  }
  for (const tap of options.taps) {
    const result = await tap(compiled.row, compiled.ctx, builder)
    ignored(result, compiled.row, 'A tap() callback', "merge({ status: 'x' })")
  }
  return settlePending(compiled)
}

/** A nested factory is skipped when a state, tap or `after('make')` callback set the key itself. */
export function settlePending(compiled: CompiledRow): CompiledRow {
  const { row, pending } = compiled
  if (pending === undefined) return compiled
  for (const key of [...pending.keys()]) {
    const value = (row as Values)[key]
    if (value !== undefined && value !== null) pending.delete(key)
  }
  return compiled
}

/**
 * A new row from its attributes (or the model instance the definition
 * returned): the factory's `newUp`, or `new Model()` / a plain object.
 */
function newUp(builder: CompilingBuilder, values: Values, ctx: FactoryContextContract): object {
  const { factory } = builder
  const Model = factory.Model
  if (factory.newUpCallback) return factory.newUpCallback(values, ctx, Model, builder)
  if (!Model) return { ...values }
  const given = values instanceof Model
  const row = given ? (values as LucidRow) : new Model()
  const { client, connection } = builder.$options()
  if (connection || client) row.$setOptionsAndTrx({ client, connection })
  if (!given) row.merge(values as never)
  return row
}

/**
 * Merges values into a row (closures see the row's attributes, factories
 * go pending; `recursive` merges nested plain objects key by key).
 */
function assign(
  builder: CompilingBuilder,
  compiled: CompiledRow,
  values: Values,
  recursive = false
) {
  const { factory } = builder
  const { row, ctx } = compiled
  const current = factory.Model ? (row as LucidRow).$attributes : (row as Values)
  let resolved = resolveValues(values, compiled, current)
  if (recursive) resolved = mergeDeep(pick(current, Object.keys(resolved)), resolved)
  if (factory.mergeCallback) factory.mergeCallback(row, resolved, ctx, builder)
  else if (factory.Model) (row as LucidRow).merge(resolved as never)
  else for (const [key, value] of Object.entries(resolved)) setOwn(row as Values, key, value)
}

/**
 * Applies one state entry to a row, recording the names of the states
 * applied; `index` picks a sequence's entry.
 */
async function applyState(
  builder: CompilingBuilder,
  compiled: CompiledRow,
  entry: StateEntry,
  index: number
) {
  const { factory } = builder
  const { row, ctx } = compiled
  if (entry.kind === 'trashed') {
    ;(row as Values)[factory.Model!.$softDeleteColumn!] = DateTime.local()
    return
  }
  let name: string
  if (entry.kind === 'sequence') {
    const resolved = entry.sequence.resolve(index, ctx)
    if (!resolved) return
    if ('values' in resolved) return assign(builder, compiled, resolved.values as Values)
    name = resolved.state
  } else {
    name = entry.name
  }
  const state = factory.getState(name)
  ;(compiled.states ??= new Set()).add(name)
  if (typeof state === 'function') {
    const result = await state(row, ctx, builder)
    ignored(
      result,
      row,
      `The callback of the "${name}" state`,
      `.state('${name}', { status: 'x' })`
    )
  } else assign(builder, compiled, state)
}

/**
 * What a state or tap callback returns is ignored, as in Lucid; values
 * returned Laravel's way (`(user) => ({ status: 'x' })`) would be lost
 * without a word, so they are refused.
 */
function ignored(result: unknown, row: object, label: string, instead: string) {
  if (result === row || !isPlainObject(result)) return
  throw new E_INVALID_FACTORY_CALLBACK(
    `${label} returned values: it changes the row (row.status = 'x'), and what it returns ` +
      `is ignored. Set them on the row, or give them as values: ${instead}`
  )
}

const noStates: ReadonlySet<string> = new Set()

/** Runs the factory callbacks of `event` for a compiled row. */
export async function runCallbacks(
  builder: CompilingBuilder,
  event: FactoryHookEvent,
  { row, ctx, states }: CompiledRow
) {
  const { factory } = builder
  if (!factory.hasCallbacks(event)) return
  for (const hook of factory.callbacks(event, states ?? noStates))
    await hook.callback(builder, row, ctx)
}
