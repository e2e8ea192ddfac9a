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
export { ModelQueryBuilder } from './query_builder/model_query_builder.js'
export { ModelPaginator } from './query_builder/model_paginator.js'
export { ModelKeys } from './model_keys.js'
export { Preloader } from './preloader/preloader.js'
export { belongsTo, hasMany, hasManyThrough, hasOne, manyToMany } from './relations/decorators.js'
