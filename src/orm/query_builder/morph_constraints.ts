/**
 * Existence constraints through a morphTo (`whereHasMorph('commentable',
 * ['post', 'video'], cb)`, and `has`/`whereHas` on a morphTo, which mean
 * every type): one branch per type, OR'ed in one group,
 * `(comments.commentable_type = ? and exists (select * from posts where
 * posts.id = comments.commentable_id ...))`.
 */
import type { Knex } from 'knex'
import { E_INVALID_QUERY, E_UNKNOWN_MORPH_TYPE } from '../../errors.js'
import type { LucidModel, RelationContract } from '../../types/model.js'
import type { QueryClientContract } from '../../types/database.js'
import type { MorphToKeys } from '../../types/relation_keys.js'
import type { RelatedQuery } from '../relations/base.js'
import { knownMorphModels, morphAliasOf } from '../relations/morph_map.js'
import { getRelationOrFail } from '../preloader/preloader.js'
import type { ModelQueryCore } from './model_query_core.js'

const comparisonOperators = new Set(['=', '<', '>', '<=', '>=', '!=', '<>'])

/** The types of a morph existence constraint: `'*'` (every known type) or aliases/model classes. */
export type MorphTypeList = '*' | readonly (string | LucidModel)[]

/** How a morph existence constraint joins the other where clauses. */
export interface HasMorphOptions {
  or: boolean
  not: boolean
  callback?: (query: RelatedQuery, type: string) => void
  operator?: string
  value?: number
}

/** What these constraints use of a morphTo (morph_to/relation.ts). */
interface MorphToRelation extends MorphToKeys<RelatedQuery> {
  boot(): void
  /** The sub query of one type's rows, correlated to the outer table. */
  subQueryFor(Related: LucidModel, client: QueryClientContract): RelatedQuery
}

function isMorphTo(relation: RelationContract): relation is RelationContract & MorphToRelation {
  return relation.type === 'morphTo'
}

/** The relation `name`, refused unless it is a morphTo. */
function morphToOf(Model: LucidModel, name: string): MorphToRelation {
  const relation = getRelationOrFail(Model, name)
  if (!isMorphTo(relation)) {
    throw new E_INVALID_QUERY(
      `whereHasMorph needs a morphTo relation, but "${Model.name}.${name}" is ${relation.type}: use whereHas`
    )
  }
  return relation
}

/**
 * The models of `'*'`: every known model with a morphOne/morphMany back to
 * this morphTo (same related model, same morph name).
 */
function inverseModels(relation: MorphToRelation): LucidModel[] {
  return knownMorphModels().filter((Model) =>
    [...Model.$relationsDefinitions.values()].some((inverse) => {
      if (inverse.type !== 'morphOne' && inverse.type !== 'morphMany') return false
      try {
        inverse.boot()
        const morphName: unknown = Reflect.get(inverse, 'morphName')
        return inverse.relatedModel() === relation.model && morphName === relation.relationName
      } catch {
        return false
      }
    })
  )
}

/** The models a type list names. */
function modelsOf(relation: MorphToRelation, types: MorphTypeList): LucidModel[] {
  if (types !== '*') {
    return types.map((type) => (typeof type === 'string' ? relation.modelOfType(type) : type))
  }
  const models = inverseModels(relation)
  if (models.length === 0) {
    throw new E_UNKNOWN_MORPH_TYPE(
      `Cannot tell the types of "${relation.model.name}.${relation.relationName}": no model declares a ` +
        `morphOne/morphMany "${relation.relationName}" to it. Pass them: whereHasMorph('${relation.relationName}', ['post'], ...)`
    )
  }
  return models
}

/** Adds the per-type branches of a morph existence constraint to `query`. */
export function applyHasMorph<Model extends LucidModel, Result>(
  query: ModelQueryCore<Model, Result>,
  name: string,
  types: MorphTypeList,
  options: HasMorphOptions
) {
  const relation = morphToOf(query.model, name)
  relation.boot()
  if (options.operator !== undefined && !comparisonOperators.has(options.operator)) {
    throw new E_INVALID_QUERY(
      `Invalid operator "${options.operator}" for has/whereHas on "${query.model.name}.${name}". ` +
        `Use one of: ${[...comparisonOperators].join(' ')}`
    )
  }
  const typeColumn = `${query.model.table}.${relation.typeColumnName}`
  const branches = modelsOf(relation, types).map((Related) => {
    const alias = morphAliasOf(Related)
    const sub = relation.subQueryFor(Related, query.client)
    options.callback?.(sub, alias)
    if (options.operator !== undefined && !sub.hasAggregates) sub.clearSelect().count('*')
    return { alias, sub: sub.toKnex() }
  })
  const method = options.or ? 'orWhere' : 'where'
  query.knexQuery[method]((group: Knex.QueryBuilder) => {
    if (branches.length === 0) group.whereRaw('1 = 0')
    for (const { alias, sub } of branches) {
      group.orWhere((branch) => {
        branch.where(typeColumn, alias)
        if (options.operator === undefined) {
          if (options.not) branch.whereNotExists(sub)
          else branch.whereExists(sub)
          return
        }
        const sql = `${options.not ? 'not ' : ''}? ${options.operator} (?)`
        branch.whereRaw(sql, [sub, options.value ?? 1])
      })
    }
  })
}
