import type { CommitEvents, EventsList, HooksDecorator, LucidModel } from '../../types/model.js'

/** The decorated static method of a model class. */
function staticMethod(target: LucidModel, property: string): (...args: unknown[]) => unknown {
  return Reflect.get(target, property) as (...args: unknown[]) => unknown
}

function hook(kind: 'before' | 'after', event: EventsList): HooksDecorator {
  return () => (target, property) => {
    target.boot()
    const handler = staticMethod(target, property)
    target[kind](event, handler.bind(target) as (model: unknown) => void)
  }
}

/** Runs the decorated static method before insert and update. */
export const beforeSave = hook('before', 'save')
/** Runs the decorated static method after insert and update. */
export const afterSave = hook('after', 'save')
/** Runs the decorated static method before insert. */
export const beforeCreate = hook('before', 'create')
/** Runs the decorated static method after insert. */
export const afterCreate = hook('after', 'create')
/** Runs the decorated static method before update. */
export const beforeUpdate = hook('before', 'update')
/** Runs the decorated static method after update. */
export const afterUpdate = hook('after', 'update')
/** Runs the decorated static method before delete. */
export const beforeDelete = hook('before', 'delete')
/** Runs the decorated static method after delete. */
export const afterDelete = hook('after', 'delete')
/** Runs the decorated static method before `first()`-style queries, with the query. */
export const beforeFind = hook('before', 'find')
/** Runs the decorated static method after `first()`-style queries, with the model. */
export const afterFind = hook('after', 'find')
/** Runs the decorated static method before a fetch, with the query. */
export const beforeFetch = hook('before', 'fetch')
/** Runs the decorated static method after a fetch, with the models. */
export const afterFetch = hook('after', 'fetch')
/** Runs the decorated static method before paginate, with `[countQuery, query]`. */
export const beforePaginate = hook('before', 'paginate')
/** Runs the decorated static method after paginate, with the paginator. */
export const afterPaginate = hook('after', 'paginate')

/**
 * Runs the decorated static method once the transaction the model was
 * written in commits (at once without a transaction, never on rollback).
 */
export function afterCommit(event: CommitEvents): ReturnType<HooksDecorator> {
  return (target, property) => {
    target.boot()
    const handler = staticMethod(target, property)
    target.afterCommit(event, handler.bind(target) as (model: unknown) => void)
  }
}
