/**
 * The model query builder of has-many-through queries (`related('posts').query()`,
 * preload callbacks, whereHas callbacks): the join on the through table and
 * the parent constraint are added when the query runs.
 */
import type { RelatedQuery } from '../base.js'
import type { Knex } from 'knex'
import type { DatabaseQueryBuilder } from '../../../database/query_builder/database.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow } from '../../../types/model.js'
import { readMethods, queryMethod } from '../../../database/query_builder/knex_internals.js'
import { JoinedRelationQueryBuilder } from '../joined_query_builder.js'
import { selfJoinAlias } from '../sub_query.js'
import type { HasManyThroughKeys } from '../../../types/relation_keys.js'

/** Alias of the through foreign key in selected rows (and so in `$extras`): `through_country_id`. */
export function throughAlias(column: string): string {
  return `through_${column}`
}

/**
 * Name of the through table in a query whose related (or outer parent) table
 * is the same table (users -> users -> users): aliased so both sides stay apart.
 */
export function throughTableIn(through: string, ...tablesInScope: string[]): string {
  return tablesInScope.includes(through) ? 'stratum_through' : through
}

export class HasManyThroughQueryBuilder<
  Related extends LucidModel = LucidModel,
> extends JoinedRelationQueryBuilder<Related, HasManyThroughKeys<RelatedQuery>> {
  /** Name (or self-join alias) of the through table in this query. */
  protected throughTable = ''

  /** The related rows of these parents (models or key values): the query of a preload. */
  static forParents(
    relation: HasManyThroughKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[]
  ) {
    return HasManyThroughQueryBuilder.build(relation, client, parents, true)
  }

  /** The related rows of one parent model (`related(name).query()`). */
  static forParent(
    relation: HasManyThroughKeys<RelatedQuery>,
    client: QueryClientContract,
    parent: LucidRow
  ) {
    return HasManyThroughQueryBuilder.build(relation, client, [parent], false)
  }

  protected static build(
    relation: HasManyThroughKeys<RelatedQuery>,
    client: QueryClientContract,
    parents: unknown[],
    preload: boolean
  ) {
    const Related = relation.relatedModel()
    const knexQuery = client.knexQuery().from(Related.table)
    const query = new HasManyThroughQueryBuilder(knexQuery, Related, client)
    query.relatedTable = Related.table
    query.throughTable = throughTableIn(relation.throughModel().table, Related.table)
    return query.scopeTo(relation, 'parents', parents, preload)
  }

  /** Related rows correlated to the outer parent table (has, whereHas, withCount). */
  static forSubQuery(relation: HasManyThroughKeys<RelatedQuery>, client: QueryClientContract) {
    const Related = relation.relatedModel()
    const parentTable = relation.model.table
    // tables shared with the outer query are aliased so both sides stay apart
    const inner = Related.table === parentTable ? selfJoinAlias() : Related.table
    const source = inner === Related.table ? Related.table : { [inner]: Related.table }
    const query = new HasManyThroughQueryBuilder(
      client.knexQuery().from(source),
      Related,
      client,
      true
    )
    query.relatedTable = inner
    query.throughTable = throughTableIn(relation.throughModel().table, parentTable, inner)
    return query.scopeTo(relation, 'sub', [], false)
  }

  protected parentKeyAttribute(): string {
    return this.relation.localKey
  }

  protected override relationKeyColumns(): string[] {
    return [`${this.relatedTable}.${this.relation.throughForeignKeyColumnName}`]
  }

  override clone(): this {
    const clone = super.clone()
    clone.throughTable = this.throughTable
    return clone
  }

  protected override newSubQuery(knexQuery: Knex.QueryBuilder): DatabaseQueryBuilder {
    const query = new HasManyThroughQueryBuilder(knexQuery, this.model, this.client, true)
    query.relation = this.relation
    query.relatedTable = this.relatedTable
    query.throughTable = this.throughTable
    return query as DatabaseQueryBuilder
  }

  /** Excludes soft-deleted through rows: a trashed user's posts are not the country's. */
  protected excludeTrashedThrough(knexQuery: Knex.QueryBuilder, table: string): void {
    const Through = this.relation.throughModel()
    const softDelete = Through.$softDeleteColumn
    if (!softDelete) return
    knexQuery.whereNull(`${table}.${Through.$keys.attributesToColumns.get(softDelete, softDelete)}`)
  }

  /** Adds the through join and the parent constraint, once, when the query runs. */
  protected applyConstraints(): void {
    const relation = this.relation
    const Through = relation.throughModel()
    const method = queryMethod(this.knexQuery)
    const foreignKey = `${this.throughTable}.${relation.foreignKeyColumnName}`

    if (this.scope === 'parents' && !readMethods.has(method)) {
      // updates and deletes cannot join everywhere: select the through keys in a sub query
      const throughKeys = this.client
        .knexQuery()
        .from(Through.table)
        .select(`${Through.table}.${relation.throughLocalKeyColumnName}`)
      this.excludeTrashedThrough(throughKeys, Through.table)
      this.constrainParentsOn(
        throughKeys,
        `${Through.table}.${relation.foreignKeyColumnName}`,
        this.parentKeyValues()
      )
      this.wrapExistingWheres()
      this.knexQuery.whereIn(
        `${this.relatedTable}.${relation.throughForeignKeyColumnName}`,
        throughKeys
      )
      return
    }

    const values = this.scope === 'parents' ? this.parentKeyValues() : []
    if (this.scope === 'parents') {
      if (!this.hasAggregates) {
        this.selectRelationKeys()
        this.selectRelatedColumns()
        this.knexQuery.select(`${foreignKey} as ${throughAlias(relation.foreignKeyColumnName)}`)
      }
    }
    const throughSource =
      this.throughTable === Through.table
        ? Through.table
        : `${Through.table} as ${this.throughTable}`
    this.knexQuery.innerJoin(
      throughSource,
      `${this.throughTable}.${relation.throughLocalKeyColumnName}`,
      `${this.relatedTable}.${relation.throughForeignKeyColumnName}`
    )
    this.wrapExistingWheres()
    if (this.scope === 'parents') {
      this.constrainParentsOn(this.knexQuery, foreignKey, values)
    } else {
      // the owner's key first, as Lucid writes it: countries.id = users.country_id
      this.knexQuery.whereRaw('?? = ??', [
        `${relation.model.table}.${relation.localKeyColumnName}`,
        foreignKey,
      ])
      const softDelete = this.model.$softDeleteColumn
      if (softDelete) {
        const column = this.model.$keys.attributesToColumns.get(softDelete, softDelete)
        this.knexQuery.whereNull(`${this.relatedTable}.${column}`)
      }
    }
    this.excludeTrashedThrough(this.knexQuery, this.throughTable)
  }
}
