/**
 * `comment.related('commentable')`: the related row of one model, on the
 * model its stored type names, and the writes that point the model at a
 * row of any type (`associate`) or clear both columns (`dissociate`).
 */
import { managedTransaction } from '../../../database/managed_transaction.js'
import { E_MISSING_MODEL_ATTRIBUTE } from '../../../errors.js'
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow } from '../../../types/model.js'
import { attributeOf } from '../keys.js'
import { hasMorphType, morphAliasOf } from '../morph_map.js'
import { keepKeysOnRollback, restoreKeysOnFailure } from '../restore_keys.js'
import { MorphToQueryBuilder } from './query_builder.js'
import type { MorphToKeys } from '../../../types/relation_keys.js'

export class MorphToClient {
  constructor(
    readonly relation: MorphToKeys<RelatedQuery>,
    readonly child: LucidRow,
    readonly client: QueryClientContract
  ) {}

  /** The related row: `select * from posts where id = comment.commentable_id`. */
  query(): MorphToQueryBuilder {
    const type = attributeOf(this.child, this.relation.typeKey)
    if (!hasMorphType(type)) {
      throw new E_MISSING_MODEL_ATTRIBUTE(
        `Cannot query "${this.relation.model.name}.${this.relation.relationName}": ` +
          `"${this.relation.model.name}.${this.relation.typeKey}" is ${type === '' ? 'empty' : String(type)}, so no model is known. ` +
          'Associate a model first'
      )
    }
    const Related = this.relation.modelOfType(String(type))
    const query = MorphToQueryBuilder.forParent(this.relation, Related, this.client, this.child)
    this.relation.options.onQuery?.(query)
    return query
  }

  /**
   * Saves `related` (when needed), stores its type and key on this model and
   * saves it. When it fails, both go back to what they were.
   */
  async associate(related: LucidRow): Promise<void> {
    const Related = related.constructor as LucidModel
    const type = morphAliasOf(Related)
    const keys = [this.relation.typeKey, this.relation.foreignKey]
    await restoreKeysOnFailure([this.child], keys, () =>
      managedTransaction(this.child.$trx ?? this.client, async (trx) => {
        related.$trx = trx
        await related.save()
        keepKeysOnRollback(this.child, keys, trx)
        Object.assign(this.child, {
          [this.relation.typeKey]: type,
          [this.relation.foreignKey]: attributeOf(related, this.relation.ownerKeyOf(Related)),
        })
        this.child.$trx = trx
        await this.child.save()
      })
    )
    this.child.$setRelated(this.relation.relationName, related)
  }

  /** Clears the type and the id and saves this model. */
  async dissociate(): Promise<void> {
    Object.assign(this.child, {
      [this.relation.typeKey]: null,
      [this.relation.foreignKey]: null,
    })
    await this.child.save()
    this.child.$setRelated(this.relation.relationName, null)
  }
}
