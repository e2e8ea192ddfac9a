/**
 * The relation query builders under Lucid's names. A relation's query is the
 * related model's query (`ModelQueryBuilderContract`), with the pivot
 * constraints for a many-to-many, so these are names for it, not new
 * contracts: a callback typed `HasManyQueryBuilderContract<typeof Post, any>`
 * fits where Stratum hands out the model query. The call signatures of
 * `preload`, `withCount`, `has` and `whereHas` (`Preload<Row, Builder>` ...)
 * are here too.
 */
import type { LucidModelBase, LucidRowBase } from './model_base.js'
import type { ModelQueryBuilderContract, PreloadQueryOf, RelationQueryOf } from './model_query.js'
import type { ExtractModelRelations } from './relation_names.js'
import type { PivotQueryMethods } from './relation_options.js'

/** The query of a relation (`user.related('profile').query()`, preload callbacks). */
export type RelationQueryBuilderContract<
  Related extends LucidModelBase,
  Result = InstanceType<Related>,
> = ModelQueryBuilderContract<Related, Result>

/** The query of a hasMany relation (`groupLimit()` and `groupOrderBy()` included). */
export type HasManyQueryBuilderContract<
  Related extends LucidModelBase,
  Result = InstanceType<Related>,
> = RelationQueryBuilderContract<Related, Result>

/** The query of a hasManyThrough relation. */
export type HasManyThroughQueryBuilderContract<
  Related extends LucidModelBase,
  Result = InstanceType<Related>,
> = RelationQueryBuilderContract<Related, Result>

/** The pivot constraints of a many-to-many query (`wherePivot` ...). */
export type PivotQueryBuilderContract = PivotQueryMethods

/** The query of a manyToMany relation: the related model's query with pivot constraints. */
export type ManyToManyQueryBuilderContract<
  Related extends LucidModelBase,
  Result = InstanceType<Related>,
> = RelationQueryBuilderContract<Related, Result> & PivotQueryBuilderContract

/** The correlated sub query `has`, `whereHas` and `withCount` callbacks receive. */
export type RelationSubQueryBuilderContract<Related extends LucidModelBase> =
  ModelQueryBuilderContract<Related>

/** The sub query of a manyToMany relation, with pivot constraints. */
export type ManyToManySubQueryBuilderContract<Related extends LucidModelBase> =
  RelationSubQueryBuilderContract<Related> & PivotQueryBuilderContract

/** `preload(name, callback?)`, returning `Builder`. */
export interface Preload<Row extends LucidRowBase, Builder> {
  <Name extends ExtractModelRelations<Row>>(
    relation: Name,
    callback?: (query: PreloadQueryOf<Row, Name>) => void
  ): Builder
}

/** `preloadOnce(name)`, returning `Builder`. */
export interface PreloadWithoutCallback<Row extends LucidRowBase, Builder> {
  <Name extends ExtractModelRelations<Row>>(relation: Name): Builder
}

/** `withCount(name, callback?)`, returning `Builder`. */
export interface WithCount<Row extends LucidRowBase, Builder> {
  <Name extends ExtractModelRelations<Row>>(
    relation: Name,
    callback?: (query: RelationQueryOf<Row, Name>) => void
  ): Builder
}

/** `withAggregate(name, callback)`, returning `Builder`. */
export interface WithAggregate<Row extends LucidRowBase, Builder> {
  <Name extends ExtractModelRelations<Row>>(
    relation: Name,
    callback: (query: RelationQueryOf<Row, Name>) => void
  ): Builder
}

/** `has(name, operator?, value?)`, returning `Builder`. */
export interface Has<Row extends LucidRowBase, Builder> {
  (relation: ExtractModelRelations<Row>, operator?: string, value?: number): Builder
}

/** `whereHas(name, callback, operator?, value?)`, returning `Builder`. */
export interface WhereHas<Row extends LucidRowBase, Builder> {
  <Name extends ExtractModelRelations<Row>>(
    relation: Name,
    callback: (query: RelationQueryOf<Row, Name>) => void,
    operator?: string,
    value?: number
  ): Builder
}
