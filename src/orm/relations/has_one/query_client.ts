import { HasManyClient } from '../has_many/query_client.js'

/**
 * `user.related('profile')`: queries and writes for the one related row
 * (query, save, create, firstOrCreate, updateOrCreate), as hasMany does.
 */
export class HasOneClient extends HasManyClient {}
