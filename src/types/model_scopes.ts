/**
 * Query scopes under Lucid's names: the callback `scope()` takes
 * (`QueryScopeCallback`), what it returns (`QueryScope`), `scope` itself
 * (`ScopeFn`, in model.ts) and the scopes of a model as `withScopes()` hands them out
 * (`ExtractScopes`).
 */
import type { LucidModelBase } from './model_base.js'
import type { ModelQueryBuilderContract, ScopeFunction, ScopesOf } from './model_query.js'

/**
 * A scope's callback: the model query, then the scope's own arguments. A
 * method signature, so that a callback annotated for another model's query
 * type still fits, as `scope()` accepts it.
 */
export type QueryScopeCallback<Model extends LucidModelBase = LucidModelBase> = {
  scope(query: ModelQueryBuilderContract<Model>, ...args: never[]): void
}['scope']

/** A scope defined with `scope(callback)`: the callback, marked as a scope. */
export type QueryScope<
  Model extends LucidModelBase,
  Scope extends QueryScopeCallback<Model>,
> = Scope & ScopeFunction

/** The scopes of a model, callable by name: what a `withScopes()` callback receives. */
export type ExtractScopes<Model extends LucidModelBase> = ScopesOf<Model>
