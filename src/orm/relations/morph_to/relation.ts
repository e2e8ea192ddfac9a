import { camelCase } from 'change-case'
import { E_INVALID_QUERY, E_INVALID_RELATION } from '../../../errors.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow } from '../../../types/model.js'
import type { MorphToOptions } from '../../../types/relations.js'
import type { MorphToKeys } from '../../../types/relation_keys.js'
import { BaseRelation, type RelatedQuery } from '../base.js'
import { groupLimitUnsupported } from '../group_limit.js'
import { attributeOf, chunk, ensureColumn, joinKey, uniqueValues } from '../keys.js'
import { hasMorphType, morphAliasOf, morphModelOf } from '../morph_map.js'
import { correlatedQuery } from '../sub_query.js'
import { MorphToPreload } from './preload.js'
import { MorphToQueryBuilder } from './query_builder.js'
import { MorphToClient } from './query_client.js'

/** Bindings kept free for the user's constraints when chunking ids. */
const bindingHeadroom = 500

/**
 * `@morphTo()` on `Comment`: this model stores the type and the key of its
 * parent (`comments.commentable_type = 'post'`, `comments.commentable_id = posts.id`),
 * so each row may point to a different model. A preload runs one query
 * per distinct type, never one per row.
 */
export class MorphTo extends BaseRelation<MorphToOptions> implements MorphToKeys<RelatedQuery> {
  readonly type = 'morphTo' as const
  /** Attribute holding the type (`commentableType`). */
  declare typeKey: string
  declare typeColumnName: string
  /** Attribute holding the related key (`commentableId`). */
  declare foreignKey: string
  declare foreignKeyColumnName: string

  protected override decoratorName(): string {
    return 'morphTo'
  }

  /** A morphTo has no single related model: each row's type names one. */
  override relatedModel(): LucidModel {
    throw new E_INVALID_RELATION(
      `"${this.model.name}.${this.relationName}" is a morphTo: its related model depends on each row's ` +
        `"${this.typeKey ?? 'type'}" value`
    )
  }

  override assertRelatedShape(parent: LucidRow, related: unknown): void {
    if (!Array.isArray(related)) return
    throw new E_INVALID_RELATION(
      `"${(parent.constructor as LucidModel).name}.${this.relationName}" cannot reference more than one model`
    )
  }

  protected bootKeys(): void {
    this.typeKey = this.options.type ?? camelCase(`${this.relationName}_type`)
    this.foreignKey = this.options.id ?? camelCase(`${this.relationName}_id`)
    ensureColumn(this.model, this.typeKey, this)
    ensureColumn(this.model, this.foreignKey, this)
    const columns = this.model.$keys.attributesToColumns
    this.typeColumnName = columns.get(this.typeKey, this.typeKey)
    this.foreignKeyColumnName = columns.get(this.foreignKey, this.foreignKey)
  }

  /** The model a stored type names (`E_UNKNOWN_MORPH_TYPE` when none does). */
  modelOfType(type: string): LucidModel {
    const Related = morphModelOf(type, `"${this.model.name}.${this.relationName}"`)
    Related.boot()
    return Related
  }

  /** The type stored for `Related` (its morph alias). */
  aliasOf(Related: LucidModel): string {
    return morphAliasOf(Related)
  }

  /** Attribute of `Related` the stored id points to (`ownerKey`, else its primary key). */
  ownerKeyOf(Related: LucidModel): string {
    const key = this.options.ownerKey ?? Related.primaryKey
    ensureColumn(Related, key, this)
    return key
  }

  /** Column of `Related` the stored id points to. */
  ownerKeyColumnOf(Related: LucidModel): string {
    const key = this.ownerKeyOf(Related)
    return Related.$keys.attributesToColumns.get(key, key)
  }

  protected parentKey(): string {
    return this.foreignKey
  }

  eagerQuery(): RelatedQuery {
    throw new E_INVALID_QUERY(
      `"${this.model.name}.${this.relationName}" is a morphTo: its queries are built per type`
    )
  }

  /** The query of one type's rows with these ids, `onQuery` applied. */
  typeQuery(Related: LucidModel, ids: unknown[], client: QueryClientContract): RelatedQuery {
    const query = MorphToQueryBuilder.forParents(this, Related, client, ids)
    return this.applyOnQuery(query)
  }

  /**
   * Loads the related row of every parent: the parents grouped by stored
   * type, then one query per type (per chunk of ids past the bind limit),
   * with that type's constraints from the preload callback.
   */
  override async eagerLoad(
    parents: LucidRow[],
    client: QueryClientContract,
    constrain?: (query: RelatedQuery) => void
  ): Promise<void> {
    this.boot()
    const spec = new MorphToPreload()
    constrain?.(spec as unknown as RelatedQuery)
    const byType = new Map<string, LucidRow[]>()
    for (const parent of parents) {
      const type = attributeOf(parent, this.typeKey)
      if (type === undefined) this.missingParentKey(parent, this.typeKey)
      if (!hasMorphType(type)) continue
      const group = byType.get(String(type))
      if (group) group.push(parent)
      else byType.set(String(type), [parent])
    }
    let related: LucidRow[] = []
    const size = Math.max(client.dialect.maxBindings - bindingHeadroom, 1)
    for (const [type, group] of byType) {
      const Related = this.modelOfType(type)
      const ids = uniqueValues(group, this.foreignKey, (parent) =>
        this.missingParentKey(parent, this.foreignKey)
      )
      for (const part of ids.length ? chunk(ids, size) : []) {
        const query = this.typeQuery(Related, part, client)
        spec.apply(type, Related, query)
        if (query.groupConstraints) {
          // each parent has one row of its type at most: there is no top N to keep
          throw groupLimitUnsupported(
            Related.name,
            `in a preload of the morphTo relation "${this.model.name}.${this.relationName}"`
          )
        }
        const rows = await query.exec()
        related = related.length === 0 ? rows : related.concat(rows)
      }
    }
    this.setRelatedForMany(parents, related)
  }

  /** Hands each parent the row of its type whose owner key is its id (null when none). */
  setRelatedForMany(parents: LucidRow[], related: LucidRow[]): void {
    const byModel = new Map<LucidModel, Map<unknown, LucidRow>>()
    for (const row of related) {
      const Related = row.constructor as LucidModel
      let rows = byModel.get(Related)
      if (!rows) byModel.set(Related, (rows = new Map()))
      rows.set(joinKey(attributeOf(row, this.ownerKeyOf(Related))), row)
    }
    const models = new Map<string, LucidModel>()
    for (const parent of parents) {
      const type = attributeOf(parent, this.typeKey)
      const id = attributeOf(parent, this.foreignKey)
      if (!hasMorphType(type) || id === null || id === undefined) {
        parent.$setRelated(this.relationName, null)
        continue
      }
      let Related = models.get(String(type))
      if (!Related) models.set(String(type), (Related = this.modelOfType(String(type))))
      parent.$setRelated(this.relationName, byModel.get(Related)?.get(joinKey(id)) ?? null)
    }
  }

  /** withCount/withAggregate need one related table: refused, with the way out. */
  subQuery(): RelatedQuery {
    throw new E_INVALID_QUERY(
      `Cannot count or aggregate the morphTo "${this.model.name}.${this.relationName}": its rows live in ` +
        `one table per type. Use whereHasMorph('${this.relationName}', [types], callback) to filter by them`
    )
  }

  /**
   * The correlated sub query of one type (whereHasMorph): rows of `Related`
   * whose owner key is the outer row's id, the outer row storing that type.
   */
  subQueryFor(Related: LucidModel, client: QueryClientContract): RelatedQuery {
    this.boot()
    Related.boot()
    const type = morphAliasOf(Related)
    return correlatedQuery(
      this,
      Related,
      client,
      this.ownerKeyColumnOf(Related),
      this.foreignKeyColumnName,
      (query, _inner, outer) => query.where(`${outer}.${this.typeColumnName}`, type)
    )
  }

  client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new MorphToClient(this, parent, client)
  }
}
