/**
 * `post.related('user')`: the parent row of one model, and the writes that
 * point a model at a parent (`associate`) or detach it (`dissociate`).
 */
import { managedTransaction } from '../../../database/managed_transaction.js'
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidRow } from '../../../types/model.js'
import { attributeOf } from '../keys.js'
import { keepKeysOnRollback, restoreKeysOnFailure } from '../restore_keys.js'
import { BelongsToQueryBuilder } from './query_builder.js'
import type { BelongsToKeys } from '../../../types/relation_keys.js'

export class BelongsToClient {
  constructor(
    readonly relation: BelongsToKeys<RelatedQuery>,
    readonly child: LucidRow,
    readonly client: QueryClientContract
  ) {}

  /** The related row: `select * from users where id = post.user_id`. */
  query(): BelongsToQueryBuilder {
    const query = BelongsToQueryBuilder.forParent(this.relation, this.client, this.child)
    this.relation.options.onQuery?.(query)
    return query
  }

  /**
   * Saves `related` (when needed), points this model at it and saves this
   * model. When it fails, this model's foreign key goes back to what it was.
   */
  async associate(related: LucidRow): Promise<void> {
    await restoreKeysOnFailure([this.child], [this.relation.foreignKey], () =>
      managedTransaction(this.child.$trx ?? this.client, async (trx) => {
        related.$trx = trx
        await related.save()
        keepKeysOnRollback(this.child, [this.relation.foreignKey], trx)
        Reflect.set(
          this.child,
          this.relation.foreignKey,
          attributeOf(related, this.relation.localKey)
        )
        this.child.$trx = trx
        await this.child.save()
      })
    )
    this.child.$setRelated(this.relation.relationName, related)
  }

  /** Clears the foreign key and saves this model. */
  async dissociate(): Promise<void> {
    Reflect.set(this.child, this.relation.foreignKey, null)
    await this.child.save()
    this.child.$setRelated(this.relation.relationName, null)
  }
}
