import type { LucidModel } from '../types/model.js'
import type { ModelPaginatorContract, ModelQueryBuilderContract } from '../types/model_query.js'
import { ModelPaginator as ModelPaginatorClass } from './query_builder/model_paginator.js'
import { ModelQueryBuilder as ModelQueryBuilderClass } from './query_builder/model_query_builder.js'

export { BaseModel } from './base_model/base_model.js'
export { Adapter } from './adapter.js'
export { compose } from './mixins/compose.js'
export { column, computed } from './decorators/column.js'
export {
  afterCommit,
  afterCreate,
  afterDelete,
  afterFetch,
  afterFind,
  afterPaginate,
  afterSave,
  afterUpdate,
  beforeCreate,
  beforeDelete,
  beforeFetch,
  beforeFind,
  beforePaginate,
  beforeSave,
  beforeUpdate,
} from './decorators/hooks.js'
export { scope } from './decorators/scope.js'
export { CamelCaseNamingStrategy } from './naming_strategies/camel_case.js'
export { SnakeCaseNamingStrategy } from './naming_strategies/snake_case.js'
export { SoftDeletes } from './soft_deletes.js'
// named by the declaration of `export class X extends compose(BaseModel, SoftDeletes)`
export type { SoftDeletesClass, SoftDeletesRow } from './soft_deletes.js'
export { ModelKeys } from './model_keys.js'
export { Preloader } from './preloader/preloader.js'
export { belongsTo, hasMany, hasManyThrough, hasOne, manyToMany } from './relations/decorators.js'
export { morphedByMany, morphMany, morphOne, morphTo, morphToMany } from './relations/decorators.js'
export { Relation } from './relations/morph_map.js'
export { HasManyQueryBuilder } from './relations/has_many/query_builder.js'
export { HasOneQueryBuilder } from './relations/has_one/query_builder.js'
export { BelongsToQueryBuilder } from './relations/belongs_to/query_builder.js'
export { ManyToManyQueryBuilder } from './relations/many_to_many/query_builder.js'
export { HasManyThroughQueryBuilder } from './relations/has_many_through/query_builder.js'

// As in `stratum/database`: the class is the value, the contract it implements is the type
// (what `Model.query()`, hooks and relation callbacks are typed by).

/** `Model.query()`: the database query builder, returning model instances. */
export const ModelQueryBuilder = ModelQueryBuilderClass
export type ModelQueryBuilder<
  Model extends LucidModel,
  Result = InstanceType<Model>,
> = ModelQueryBuilderContract<Model, Result>

/** A page of models. */
export const ModelPaginator = ModelPaginatorClass
export type ModelPaginator<Row> = ModelPaginatorContract<Row>
