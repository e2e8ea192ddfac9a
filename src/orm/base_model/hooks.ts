import Hooks from '@poppinss/hooks'
import type { CommitEvents, LucidModel, LucidRow } from '../../types/model.js'
import type { HookResult, ModelHookEvent, ModelHooks } from '../../types/model_metadata.js'

export type { HookResult, ModelHookEvent, ModelHooks }

/** A model hook handler as stored: receives the model (or query/rows for fetch and paginate events). */
export type ModelHookHandler = (...args: unknown[]) => void | Promise<void>

/** A fresh hooks store, holding the parent's hooks too. */
export function createHooks(parent?: ModelHooks): ModelHooks {
  const hooks: ModelHooks = new Hooks()
  if (parent) hooks.merge(parent)
  return hooks
}

/** Runs the handlers of `event` in order, unless the instance is saved quietly. */
export async function runHooks(Model: LucidModel, event: ModelHookEvent, ...args: unknown[]) {
  if (!Model.$hooks.has(event)) return
  await runEvent(Model, event, args)
}

/** Runs the handlers of one event with what `before()`/`after()` typed them to receive. */
function runEvent(Model: LucidModel, event: ModelHookEvent, args: unknown[]): Promise<void> {
  return Model.$hooks.runner(event).run(...(args as never[]))
}

/**
 * Schedules the after-commit hooks of `event`: after the model's
 * transaction commits, at once without one, never after a rollback.
 */
export async function runAfterCommitHooks(instance: LucidRow, event: CommitEvents) {
  const Model = instance.constructor as LucidModel
  // one string per event: a key built per call is hashed again at every lookup
  const name = afterCommitEvents[event]
  if (!Model.$hooks.has(name)) return
  const trx = instance.$trx
  if (trx && !trx.isCompleted) {
    trx.after('commit', () => runEvent(Model, name, [instance]))
    return
  }
  await runEvent(Model, name, [instance])
}

const afterCommitEvents: Record<CommitEvents, ModelHookEvent> = {
  save: 'afterCommit:save',
  create: 'afterCommit:create',
  update: 'afterCommit:update',
  delete: 'afterCommit:delete',
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

/** Hooks that run before a row is updated, and after (and after its commit). */
export const beforeUpdateHooks: readonly ModelHookEvent[] = ['before:update', 'before:save']
export const afterUpdateHooks: readonly ModelHookEvent[] = [
  'after:update',
  'after:save',
  'afterCommit:update',
  'afterCommit:save',
]

/** Hooks that run after a row is deleted (and after its commit). */
export const afterDeleteHooks: readonly ModelHookEvent[] = ['after:delete', 'afterCommit:delete']

/**
 * Runs the handlers of `events` in order for `instance` (after-commit
 * ones scheduled on its transaction). Undefined when the model has none:
 * a save then awaits nothing (each await is a turn of the microtask queue).
 */
export function runHookList(
  Model: LucidModel,
  events: readonly ModelHookEvent[],
  instance: LucidRow
): Promise<void> | undefined {
  return hasAnyHook(Model, events) ? runEach(Model, events, instance) : undefined
}

async function runEach(Model: LucidModel, events: readonly ModelHookEvent[], instance: LucidRow) {
  for (const event of events) {
    if (event.startsWith('afterCommit:')) {
      await runAfterCommitHooks(instance, event.slice('afterCommit:'.length) as CommitEvents)
    } else await runHooks(Model, event, instance)
  }
}

/** True when the model has a handler for one of `events`. */
export function hasAnyHook(Model: LucidModel, events: readonly ModelHookEvent[]): boolean {
  return events.some((event) => Model.$hooks.has(event))
}
