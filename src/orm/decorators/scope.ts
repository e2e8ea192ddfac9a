import type { ScopeFunction } from '../query_builder/model_query_builder.js'

/**
 * Defines a reusable query scope, applied with `query.withScopes((s) => s.name())`.
 *
 * @example
 * static active = scope((query: ModelQueryBuilder<typeof User>) => query.where('isActive', true))
 */
// `query: any`: an unannotated callback gets a query it can chain on; annotate it for typed columns
export function scope<Callback extends (query: any, ...args: never[]) => void>(
  callback: Callback
): Callback & ScopeFunction {
  return Object.assign(callback, { $isScope: true as const })
}
