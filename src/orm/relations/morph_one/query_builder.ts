/** The model query builder of morphOne queries: hasOne's, never paginated, type constrained. */
export { HasOneQueryBuilder as MorphOneQueryBuilder } from '../has_many/query_builder.js'
