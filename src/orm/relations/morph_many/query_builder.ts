/**
 * The model query builder of morphMany queries: hasMany's, whose relation
 * adds the morph type constraint (`comments.commentable_type = ?`) next to
 * the parent key one.
 */
export { HasManyQueryBuilder as MorphManyQueryBuilder } from '../has_many/query_builder.js'
