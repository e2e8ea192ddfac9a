import Hooks from '@poppinss/hooks'
import type { CommitEvents, EventsList, LucidModel, LucidRow } from '../../types/model.js'

/** A model hook handler as stored: receives the model (or query/rows for fetch and paginate events). */
export type ModelHookHandler = (...args: unknown[]) => void | Promise<void>

/** What a hook handler may return. */
export type HookResult = void | Promise<void>

/** Every hook event name a model knows. */
export type ModelHookEvent =
  `before:${EventsList}` | `after:${EventsList}` | `afterCommit:${CommitEvents}`

// any: handlers added straight to `$hooks` (as in Lucid) take the model type they want
type HookEvents = Record<ModelHookEvent, [any[], any[]]>

/** The hooks store of a model class. */
export type ModelHooks = Hooks<HookEvents>

/** A fresh hooks store, holding the parent's hooks too. */
export function createHooks(parent?: ModelHooks): ModelHooks {
  const hooks = new Hooks<HookEvents>()
  if (parent) hooks.merge(parent)
  return hooks
}

/** Runs the handlers of `event` in order, unless the instance is saved quietly. */
export async function runHooks(Model: LucidModel, event: ModelHookEvent, ...args: unknown[]) {
  if (!Model.$hooks.has(event)) return
  await Model.$hooks.runner(event).run(...args)
}

/**
 * Schedules the after-commit hooks of `event`: after the model's
 * transaction commits, at once without one, never after a rollback.
 */
export async function runAfterCommitHooks(instance: LucidRow, event: CommitEvents) {
  const Model = instance.constructor as LucidModel
  const name: ModelHookEvent = `afterCommit:${event}`
  if (!Model.$hooks.has(name)) return
  const trx = instance.$trx
  if (trx && !trx.isCompleted) {
    trx.after('commit', () => Model.$hooks.runner(name).run(instance))
    return
  }
  await Model.$hooks.runner(name).run(instance)
}

/** Hooks that run before a new row is inserted. */
export const beforeInsertHooks: readonly ModelHookEvent[] = ['before:create', 'before:save']

/** Hooks that run after a new row is inserted (and after its commit). */
export const afterInsertHooks: readonly ModelHookEvent[] = [
  'after:create',
  'after:save',
  'afterCommit:create',
  'afterCommit:save',
]

/** True when the model has a handler for one of `events`. */
export function hasAnyHook(Model: LucidModel, events: readonly ModelHookEvent[]): boolean {
  return events.some((event) => Model.$hooks.has(event))
}
