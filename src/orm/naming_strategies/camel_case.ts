import pluralize from 'pluralize'
import { camelCase, snakeCase } from './casing.js'
import { camelCasePaginationKeys } from '../../database/query_builder/paginator.js'
import type { LucidModel, NamingStrategyContract } from '../../types/model.js'

/**
 * Lucid's default naming: tables are the plural snake case of the model
 * name, columns snake case, serialized keys and relation keys camel case.
 */
export class CamelCaseNamingStrategy implements NamingStrategyContract {
  /** `UserProfile` -> `user_profiles`. */
  tableName(model: LucidModel): string {
    return pluralize(snakeCase(model.name))
  }

  /** `createdAt` -> `created_at`. */
  columnName(_model: LucidModel, attributeName: string): string {
    return snakeCase(attributeName)
  }

  /** `created_at`-style attributes serialize as `createdAt`. */
  serializedName(_model: LucidModel, attributeName: string): string {
    return camelCase(attributeName)
  }

  /** hasOne/hasMany: the parent's key; belongsTo: the related model's key. */
  relationLocalKey(
    relation: string,
    model: LucidModel,
    relatedModel: LucidModel,
    _relationName: string
  ): string {
    return relation === 'belongsTo' ? relatedModel.primaryKey : model.primaryKey
  }

  /** `User` hasMany `Post` -> `userId`; `Post` belongsTo `User` -> `userId`. */
  relationForeignKey(
    relation: string,
    model: LucidModel,
    relatedModel: LucidModel,
    _relationName: string
  ): string {
    const owner = relation === 'belongsTo' ? relatedModel : model
    return camelCase(`${snakeCase(owner.name)}_${owner.primaryKey}`)
  }

  /** `User` manyToMany `Skill` -> `skill_user` (singular names, sorted). */
  relationPivotTable(
    _relation: 'manyToMany',
    model: LucidModel,
    relatedModel: LucidModel,
    _relationName: string
  ): string {
    return [snakeCase(model.name), snakeCase(relatedModel.name)].sort().join('_')
  }

  /** `User` -> `user_id` (pivot columns are column names). */
  relationPivotForeignKey(
    _relation: 'manyToMany',
    model: LucidModel,
    _relatedModel: LucidModel,
    _relationName: string
  ): string {
    return snakeCase(`${model.name}_${model.primaryKey}`)
  }

  /** Keys of the paginator's `meta` object (camelCase, the paginator's default). */
  paginationMetaKeys() {
    return camelCasePaginationKeys.paginationMetaKeys()
  }
}
