import type { Knex } from 'knex'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidRow, ModelObject } from '../../../types/model.js'
import type { HasManyOptions } from '../../../types/relations.js'
import type { HasManyKeys } from '../../../types/relation_keys.js'
import { BaseRelation, type RelatedQuery } from '../base.js'
import { correlatedQuery } from '../sub_query.js'
import { HasManyQueryBuilder } from './query_builder.js'
import { attributeOf, ensureColumn, groupBy, joinKey, unshareGroups } from '../keys.js'
import { HasManyClient } from './query_client.js'

/**
 * `@hasMany(() => Post)`: the related rows hold this model's key
 * (`posts.user_id = users.id`).
 */
export class HasMany extends BaseRelation<HasManyOptions> implements HasManyKeys<RelatedQuery> {
  readonly type: 'hasMany' | 'hasOne' | 'morphMany' | 'morphOne' = 'hasMany'
  /** Attribute on this model (default: primary key). */
  declare localKey: string
  declare localKeyColumnName: string
  /** Attribute on the related model (default: `userId`). */
  declare foreignKey: string
  declare foreignKeyColumnName: string

  protected bootKeys(): void {
    const Related = this.relatedModel()
    this.localKey = this.options.localKey ?? this.model.primaryKey
    this.foreignKey =
      this.options.foreignKey ??
      this.model.namingStrategy.relationForeignKey(
        this.type,
        this.declaringModel,
        Related,
        this.relationName
      )
    ensureColumn(this.model, this.localKey, this)
    ensureColumn(Related, this.foreignKey, this)
    this.localKeyColumnName = this.model.$keys.attributesToColumns.get(this.localKey, this.localKey)
    this.foreignKeyColumnName = Related.$keys.attributesToColumns.get(
      this.foreignKey,
      this.foreignKey
    )
  }

  protected parentKey(): string {
    return this.localKey
  }

  eagerQuery(parents: unknown[], client: QueryClientContract): RelatedQuery {
    const query = HasManyQueryBuilder.forParents(this, client, parents)
    return this.applyOnQuery(query)
  }

  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void {
    const groups = groupBy(related, this.foreignKey)
    let handed = 0
    for (const parent of parents) {
      const group = groups.get(joinKey(attributeOf(parent, this.localKey)))
      if (group !== undefined) handed++
      parent.$setRelated(this.relationName, this.many ? (group ?? []) : (group?.[0] ?? null))
    }
    if (this.many && handed > groups.size) unshareGroups(parents, this.relationName)
  }

  /** `groupLimit()` keeps the top rows per foreign key value. */
  override groupPartitionColumn(): string {
    this.boot()
    return `${this.relatedModel().table}.${this.foreignKeyColumnName}`
  }

  subQuery(client: QueryClientContract): RelatedQuery {
    this.boot()
    return correlatedQuery(
      this,
      this.relatedModel(),
      client,
      this.foreignKeyColumnName,
      this.localKeyColumnName,
      (query, inner) => this.constrainRelated(query, inner)
    )
  }

  /**
   * Extra where clauses on the related table (`table`, or its self-join
   * alias) every query of the relation carries: none here, the type column
   * for a morphMany.
   */
  constrainRelated(_query: Knex.QueryBuilder, _table: string): void {}

  /** The attributes a related row takes from `parent`: the foreign key (and a morph type). */
  foreignValues(parent: LucidRow): ModelObject {
    return { [this.foreignKey]: this.parentValue(parent) }
  }

  client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new HasManyClient(this, parent, client)
  }

  /** The parent's key value, which the related rows carry. */
  parentValue(parent: LucidRow): unknown {
    return attributeOf(parent, this.localKey)
  }
}
