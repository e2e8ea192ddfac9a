import { snakeCase } from 'change-case'
import pluralize from 'pluralize'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { MorphToManyOptions, RelatedModelFn } from '../../../types/relations.js'
import { ManyToMany } from '../many_to_many/relation.js'
import { morphAliasOf, registerMorphModel } from '../morph_map.js'
import { MorphToManyClient } from './query_client.js'

/**
 * `@morphToMany(() => Tag, { name: 'taggable' })` on `Post`: a manyToMany
 * whose pivot also stores this model's morph type (`taggables.taggable_id
 * = posts.id and taggables.taggable_type = 'post'`, `taggables.tag_id = tags.id`).
 */
export class MorphToMany extends ManyToMany {
  override readonly type: 'morphToMany' | 'morphedByMany' = 'morphToMany'
  declare readonly options: MorphToManyOptions
  /** Pivot column holding the morph type (`taggable_type`). */
  declare pivotMorphType: string

  constructor(
    relationName: string,
    relatedModelFn: RelatedModelFn,
    options: MorphToManyOptions,
    model: LucidModel
  ) {
    super(relationName, relatedModelFn, options, model)
    if (this.ownsType) registerMorphModel(model)
  }

  protected override decoratorName(): string {
    return 'morphToMany'
  }

  /** True on the side that stores the morph type of its own rows (`Post.tags`). */
  protected get ownsType(): boolean {
    // the prototype's method, so it is right inside the constructor too
    return this.decoratorName() === 'morphToMany'
  }

  protected override bootKeys(): void {
    super.bootKeys()
    const Related = this.relatedModel()
    const naming = this.model.namingStrategy
    const name = snakeCase(this.options.name)
    const morphKey = `${name}_id`
    const otherKey = (Model: LucidModel, Other: LucidModel) =>
      naming.relationPivotForeignKey('manyToMany', Model, Other, this.relationName)
    this.pivotTable = this.options.pivotTable ?? pluralize(name)
    this.pivotForeignKey =
      this.options.pivotForeignKey ??
      (this.ownsType ? morphKey : otherKey(this.declaringModel, Related))
    this.pivotRelatedForeignKey =
      this.options.pivotRelatedForeignKey ??
      (this.ownsType ? otherKey(Related, this.declaringModel) : morphKey)
    this.pivotMorphType = this.options.pivotMorphType ?? `${name}_type`
    if (!this.ownsType) registerMorphModel(Related)
  }

  /** The type the pivot rows store: this model's alias, or the related model's (morphedByMany). */
  morphType(): string {
    return morphAliasOf(this.ownsType ? this.model : this.relatedModel())
  }

  override pivotValues(): ModelObject {
    return { [this.pivotMorphType]: this.morphType() }
  }

  override client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new MorphToManyClient(this, parent, client)
  }
}

/**
 * `@morphedByMany(() => Post, { name: 'taggable' })` on `Tag`: the inverse
 * of a morphToMany, the rows of one morph type (`taggables.tag_id =
 * tags.id and taggables.taggable_type = 'post'`, `taggables.taggable_id = posts.id`).
 */
export class MorphedByMany extends MorphToMany {
  override readonly type = 'morphedByMany' as const

  protected override decoratorName(): string {
    return 'morphedByMany'
  }
}
