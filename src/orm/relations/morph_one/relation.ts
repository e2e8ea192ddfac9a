import type { QueryClientContract } from '../../../types/database.js'
import type { LucidRow } from '../../../types/model.js'
import { MorphMany } from '../morph_many/relation.js'
import { MorphOneClient } from './query_client.js'

/**
 * `@morphOne(() => Image, { name: 'imageable' })`: like morphMany, with at
 * most one related row; a parent without one gets null.
 */
export class MorphOne extends MorphMany {
  override readonly type = 'morphOne' as const

  protected override decoratorName(): string {
    return 'morphOne'
  }

  override client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new MorphOneClient(this, parent, client)
  }
}
