import type { LucidModel, QueryScope, QueryScopeCallback } from '../../types/model.js'
import type { ModelQueryBuilderContract, ScopeFunction } from '../../types/model_query.js'

/**
 * What a scope callback is: a method signature, so that a callback annotated
 * for its own model (`(query: ModelQueryBuilder<typeof User>) => ...`) fits,
 * and an unannotated one gets a query it can chain on.
 */
interface ScopeCallback {
  scope(query: ModelQueryBuilderContract<LucidModel>, ...args: never[]): void
}

/**
 * Defines a reusable query scope, applied with `query.withScopes((s) => s.name())`.
 *
 * @example
 * static active = scope((query: ModelQueryBuilder<typeof User>) => query.where('isActive', true))
 */
export function scope<
  Model extends LucidModel,
  Scope extends QueryScopeCallback<Model> = QueryScopeCallback<Model>,
>(callback: Scope): QueryScope<Model, Scope>
export function scope<Callback extends ScopeCallback['scope']>(
  callback: Callback
): Callback & ScopeFunction
export function scope(callback: ScopeCallback['scope']): ScopeFunction {
  return Object.assign(callback, { $isScope: true as const })
}
