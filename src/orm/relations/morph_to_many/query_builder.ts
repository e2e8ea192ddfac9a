/**
 * The model query builder of morphToMany/morphedByMany queries: the
 * many-to-many one, whose relation adds the pivot's morph type constraint.
 */
export { ManyToManyQueryBuilder as MorphToManyQueryBuilder } from '../many_to_many/query_builder.js'
