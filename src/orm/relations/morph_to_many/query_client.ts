import { ManyToManyClient } from '../many_to_many/query_client.js'

/**
 * `post.related('tags')` of a morphToMany or morphedByMany: the
 * many-to-many client (attach, detach, sync, save, create), whose pivot
 * reads and writes also carry the morph type.
 */
export class MorphToManyClient extends ManyToManyClient {}
