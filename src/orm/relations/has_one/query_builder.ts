/** The model query builder of hasOne queries: a hasMany query that is never paginated. */
export { HasOneQueryBuilder } from '../has_many/query_builder.js'
