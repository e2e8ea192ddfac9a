import { pascalCase } from 'change-case'
import pluralize from 'pluralize'
import { CamelCaseNamingStrategy } from '../../src/orm/naming_strategies/camel_case.js'
import type { LucidModel } from '../../src/types/model.js'
import type { PivotSide } from '../stubs/migration.js'
import { CliError } from './cli_error.js'

/**
 * The two model names of `make:migration <name> --pivot`: `Post,Tag` (any
 * case, singular or plural), or `post_tag` when both names are one word.
 */
export function pivotModels(name: string): [string, string] {
  const parts = name.includes(',') ? name.split(',') : name.split('_')
  const models = parts.map((part) => part.trim()).filter(Boolean)
  if (models.length !== 2) {
    throw new CliError(
      `make:migration --pivot takes the two models of the many-to-many as its name: ` +
        `"Post,Tag" (or "post_tag" when both names are one word); got "${name}".`
    )
  }
  return models.map((model) => pascalCase(pluralize.singular(model))) as [string, string]
}

/**
 * The pivot table and key columns the default naming strategy gives the
 * many-to-many between two models (as `@manyToMany` without options uses).
 */
export function pivotTable(models: [string, string]): {
  tableName: string
  sides: [PivotSide, PivotSide]
} {
  const naming = new CamelCaseNamingStrategy()
  const [model, related] = models.map(
    (name) => ({ name, primaryKey: 'id' }) as unknown as LucidModel
  )
  const side = (of: LucidModel, other: LucidModel): PivotSide => ({
    column: naming.relationPivotForeignKey('manyToMany', of, other, ''),
    table: naming.tableName(of),
    key: 'id',
  })
  return {
    tableName: naming.relationPivotTable('manyToMany', model, related, ''),
    // in the order of the table name (post_id, tag_id for post_tag)
    sides: [side(model, related), side(related, model)].sort((a, b) =>
      a.column < b.column ? -1 : 1
    ) as [PivotSide, PivotSide],
  }
}
