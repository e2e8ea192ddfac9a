import { HasManyClient } from '../has_many/query_client.js'

/**
 * `post.related('comments')` of a morphMany: hasMany's client, whose
 * writes also set the morph type (`commentableType = 'post'`) and whose
 * queries also filter on it.
 */
export class MorphManyClient extends HasManyClient {}
