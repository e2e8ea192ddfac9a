import type { QueryClientContract } from '../../../types/database.js'
import type { LucidRow } from '../../../types/model.js'
import { HasMany } from '../has_many/relation.js'
import { HasOneClient } from './query_client.js'

/**
 * `@hasOne(() => Profile)`: like hasMany, with at most one related row
 * (`profiles.user_id = users.id`); a parent without one gets null.
 */
export class HasOne extends HasMany {
  override readonly type = 'hasOne' as const

  protected override decoratorName(): string {
    return 'hasOne'
  }

  override client(parent: LucidRow, client: QueryClientContract) {
    this.boot()
    return new HasOneClient(this, parent, client)
  }
}
