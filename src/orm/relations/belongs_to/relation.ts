import { E_MISSING_MODEL_ATTRIBUTE } from '../../../errors.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow } from '../../../types/model.js'
import type { BelongsToOptions } from '../../../types/relations.js'
import type { BelongsToKeys } from '../../../types/relation_keys.js'
import { BaseRelation, type RelatedQuery } from '../base.js'
import { attributeOf, ensureColumn, groupBy, joinKey } from '../keys.js'
import { correlatedQuery } from '../sub_query.js'
import { BelongsToQueryBuilder } from './query_builder.js'
import { BelongsToClient } from './query_client.js'

/**
 * `@belongsTo(() => User)`: this model holds the related key
 * (`posts.user_id = users.id`).
 */
export class BelongsTo
  extends BaseRelation<BelongsToOptions>
  implements BelongsToKeys<RelatedQuery>
{
  readonly type = 'belongsTo' as const
  /** Attribute on the related model (default: its primary key). */
  declare localKey: string
  declare localKeyColumnName: string
  /** Attribute on this model (default: `userId`). */
  declare foreignKey: string
  declare foreignKeyColumnName: string

  protected override decoratorName(): string {
    return 'belongsTo'
  }

  protected bootKeys(): void {
    const Related = this.relatedModel()
    this.localKey = this.options.localKey ?? Related.primaryKey
    this.foreignKey =
      this.options.foreignKey ??
      this.model.namingStrategy.relationForeignKey(
        'belongsTo',
        this.declaringModel,
        Related,
        this.relationName
      )
    ensureColumn(Related, this.localKey, this)
    ensureColumn(this.model, this.foreignKey, this)
    this.localKeyColumnName = Related.$keys.attributesToColumns.get(this.localKey, this.localKey)
    this.foreignKeyColumnName = this.model.$keys.attributesToColumns.get(
      this.foreignKey,
      this.foreignKey
    )
  }

  protected parentKey(): string {
    return this.foreignKey
  }

  /** Lucid's error, with its hint: a foreign key the parent lacks is not selected or not defaulted. */
  protected override missingParentKey(parent: LucidRow, key: string): never {
    throw new E_MISSING_MODEL_ATTRIBUTE(
      `Cannot preload "${this.relationName}", value of "${(parent.constructor as LucidModel).name}.${key}" is undefined. ` +
        'Make sure to set "null" as the default value for foreign keys'
    )
  }

  eagerQuery(parents: unknown[], client: QueryClientContract): RelatedQuery {
    const query = BelongsToQueryBuilder.forParents(this, client, parents)
    return this.applyOnQuery(query)
  }

  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void {
    const byKey = groupBy(related, this.localKey)
    for (const parent of parents) {
      const match = byKey.get(joinKey(attributeOf(parent, this.foreignKey)))
      parent.$setRelated(this.relationName, match?.[0] ?? null)
    }
  }

  subQuery(client: QueryClientContract): RelatedQuery {
    this.boot()
    return correlatedQuery(
      this,
      this.relatedModel(),
      client,
      this.localKeyColumnName,
      this.foreignKeyColumnName
    )
  }

  client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new BelongsToClient(this, parent, client)
  }
}
