import type { ScopeFunction } from '../query_builder/model_query_builder.js'

/**
 * Defines a reusable query scope, applied with `query.withScopes((s) => s.name())`.
 *
 * @example
 * static active = scope((query: ModelQueryBuilder<typeof User>) => query.where('isActive', true))
 */
export function scope<Callback extends (query: any, ...args: any[]) => void>(
  callback: Callback
): Callback & ScopeFunction {
  return Object.assign(callback, { $isScope: true as const })
}
