import { MorphManyClient } from '../morph_many/query_client.js'

/**
 * `post.related('image')` of a morphOne: query, save, create,
 * firstOrCreate and updateOrCreate of the one related row, type included.
 */
export class MorphOneClient extends MorphManyClient {}
