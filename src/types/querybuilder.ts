/**
 * `stratum/types/querybuilder`: the query builder contracts under the module
 * name Lucid gives them (`@adonisjs/lucid/types/querybuilder`), so
 * `import type { DatabaseQueryBuilderContract } from '.../types/querybuilder'`
 * moves over with the prefix changed. They are defined in query_builder.ts
 * and query_values.ts; this module only re-exports them.
 */
export type * from './query_builder.js'
export type * from './query_values.js'
export type { PaginationMetaKeys as SimplePaginatorMetaKeys } from './query_builder.js'

/** An object of `T` values by key (Lucid's `Dictionary`). */
export type Dictionary<T, K extends string | number = string> = { [Key in K]: T }

/** One value or a list of them (Lucid's `OneOrMany`). */
export type OneOrMany<T> = T | T[]
export type * from './query_signatures.js'
