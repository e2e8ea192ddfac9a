import { camelCase } from 'change-case'
import type { Knex } from 'knex'
import { E_INVALID_RELATION } from '../../../errors.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { MorphManyOptions, RelatedModelFn } from '../../../types/relations.js'
import { HasMany } from '../has_many/relation.js'
import { ensureColumn } from '../keys.js'
import { morphAliasOf, registerMorphModel } from '../morph_map.js'
import { MorphManyClient } from './query_client.js'

/**
 * The morph name of a morphOne/morphMany: the option, else the related
 * model's only `morphTo` relation (`commentable`).
 */
export function morphNameOf(
  relation: { model: LucidModel; relationName: string; options: { name?: string } },
  Related: LucidModel,
  decorator: string
): string {
  if (relation.options.name) return relation.options.name
  const owners = [...Related.$relationsDefinitions.values()].filter(
    (candidate) => candidate.type === 'morphTo'
  )
  if (owners.length === 1) return owners[0].relationName
  throw new E_INVALID_RELATION(
    `"${relation.model.name}.${relation.relationName}" cannot tell which morphTo of "${Related.name}" it ` +
      `fills (${owners.length === 0 ? 'it has none' : 'it has several'}): ` +
      `write @${decorator}(() => ${Related.name}, { name: 'commentable' })`
  )
}

/**
 * `@morphMany(() => Comment, { name: 'commentable' })`: a hasMany whose
 * related rows also store this model's morph type
 * (`comments.commentable_id = posts.id and comments.commentable_type = 'post'`).
 */
export class MorphMany extends HasMany {
  override readonly type: 'morphMany' | 'morphOne' = 'morphMany'
  /** The morph name (`commentable`). */
  declare morphName: string
  /** Attribute of the related model holding the type (`commentableType`). */
  declare typeKey: string
  declare typeColumnName: string

  constructor(
    relationName: string,
    relatedModelFn: RelatedModelFn,
    options: MorphManyOptions,
    model: LucidModel
  ) {
    super(relationName, relatedModelFn, options, model)
    registerMorphModel(model)
  }

  declare readonly options: MorphManyOptions

  protected override decoratorName(): string {
    return 'morphMany'
  }

  protected override bootKeys(): void {
    const Related = this.relatedModel()
    this.morphName = morphNameOf(this, Related, this.decoratorName())
    this.localKey = this.options.localKey ?? this.model.primaryKey
    this.foreignKey = this.options.id ?? camelCase(`${this.morphName}_id`)
    this.typeKey = this.options.type ?? camelCase(`${this.morphName}_type`)
    ensureColumn(this.model, this.localKey, this)
    ensureColumn(Related, this.foreignKey, this)
    ensureColumn(Related, this.typeKey, this)
    const columnOf = (Model: LucidModel, key: string) =>
      Model.$keys.attributesToColumns.get(key, key)
    this.localKeyColumnName = columnOf(this.model, this.localKey)
    this.foreignKeyColumnName = columnOf(Related, this.foreignKey)
    this.typeColumnName = columnOf(Related, this.typeKey)
  }

  /** The type the related rows store for this model (its morph alias). */
  morphType(): string {
    return morphAliasOf(this.model)
  }

  override constrainRelated(query: Knex.QueryBuilder, table: string): void {
    query.where(`${table}.${this.typeColumnName}`, this.morphType())
  }

  override foreignValues(parent: LucidRow): ModelObject {
    return { ...super.foreignValues(parent), [this.typeKey]: this.morphType() }
  }

  override client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new MorphManyClient(this, parent, client)
  }
}
