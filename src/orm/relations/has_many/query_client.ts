/**
 * `user.related('posts')`: queries and writes scoped to one parent. Writes
 * save the parent first and run in one transaction (the parent's `$trx`
 * when it has one).
 */
import { managedTransaction } from '../../../database/managed_transaction.js'
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract, TransactionClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { ModelAssignOptions } from '../../../types/model_base.js'
import {
  keepCreatedKeysOnRollback,
  keepKeysOnRollback,
  restoreKeysOnFailure,
} from '../restore_keys.js'
import { HasManyQueryBuilder } from './query_builder.js'
import type { HasManyKeys } from '../../../types/relation_keys.js'

export class HasManyClient {
  constructor(
    readonly relation: HasManyKeys<RelatedQuery>,
    readonly parent: LucidRow,
    readonly client: QueryClientContract
  ) {}

  protected get relatedModel(): LucidModel {
    return this.relation.relatedModel()
  }

  /** The related rows of this parent: `select * from posts where posts.user_id = ?`. */
  query(): HasManyQueryBuilder {
    const query = HasManyQueryBuilder.forParent(this.relation, this.client, this.parent)
    this.relation.options.onQuery?.(query)
    return query
  }

  /** Runs `work` in a transaction after saving the parent, so its key exists. */
  protected async withParent<T>(work: (trx: TransactionClientContract) => Promise<T>): Promise<T> {
    return managedTransaction(this.parent.$trx ?? this.client, async (trx) => {
      this.parent.$trx = trx
      await this.parent.save()
      return work(trx)
    })
  }

  /** Values plus the foreign key pointing to the parent. */
  protected withForeignKey(values: ModelObject): ModelObject {
    return { ...values, ...this.relation.foreignValues(this.parent) }
  }

  /** Sets the foreign key on a related model and saves it (a rollback of `trx` takes the key back). */
  protected async persist(related: LucidRow, trx: TransactionClientContract) {
    const values = this.relation.foreignValues(this.parent)
    keepKeysOnRollback(related, Object.keys(values), trx)
    Object.assign(related, values)
    related.$trx = trx
    await related.save()
  }

  /** Creates a related model in `trx` (a rollback of `trx` takes its foreign key back). */
  protected async createOne(
    values: ModelObject,
    trx: TransactionClientContract,
    options?: ModelAssignOptions
  ) {
    const keyed = this.withForeignKey(values)
    const model = await this.relatedModel.create(keyed, { ...options, client: trx })
    const keys = Object.keys(this.relation.foreignValues(this.parent))
    keepCreatedKeysOnRollback(model, keys, values, trx)
    return model
  }

  /** Saves a related model (setting its foreign key). */
  async save(related: LucidRow): Promise<void> {
    await this.saveMany([related])
  }

  /**
   * Saves several related models in one transaction. When it fails, their
   * foreign keys go back to what they were.
   */
  async saveMany(related: LucidRow[]): Promise<void> {
    const keys = Object.keys(this.relation.foreignValues(this.parent))
    await restoreKeysOnFailure(related, keys, () =>
      this.withParent(async (trx) => {
        for (const model of related) await this.persist(model, trx)
      })
    )
  }

  /**
   * Creates a related model. `options` are the model's create options
   * (`allowExtraProperties`); the write always goes through the parent's transaction.
   */
  create(values: ModelObject, options?: ModelAssignOptions): Promise<LucidRow> {
    return this.withParent((trx) => this.createOne(values, trx, options))
  }

  /** Creates several related models in one transaction. */
  createMany(values: ModelObject[], options?: ModelAssignOptions): Promise<LucidRow[]> {
    return this.withParent(async (trx) => {
      const models: LucidRow[] = []
      for (const one of values) models.push(await this.createOne(one, trx, options))
      return models
    })
  }

  /** The first related row matching `search`, or a new one created for this parent. */
  firstOrCreate(
    search: ModelObject,
    savePayload?: ModelObject,
    options?: ModelAssignOptions
  ): Promise<LucidRow> {
    return this.withParent((trx) =>
      this.relatedModel.firstOrCreate(this.withForeignKey(search), savePayload, {
        ...options,
        client: trx,
      })
    )
  }

  /** Updates the related row matching `search`, or creates it for this parent. */
  updateOrCreate(
    search: ModelObject,
    updatePayload: ModelObject,
    options?: ModelAssignOptions
  ): Promise<LucidRow> {
    return this.withParent((trx) =>
      this.relatedModel.updateOrCreate(this.withForeignKey(search), updatePayload, {
        ...options,
        client: trx,
      })
    )
  }

  /** Existing related rows matched by `predicate` among this parent's, the rest created. */
  fetchOrCreateMany(
    payload: ModelObject[],
    predicate?: string | string[],
    options?: ModelAssignOptions
  ): Promise<LucidRow[]> {
    return this.withParent((trx) =>
      this.relatedModel.fetchOrCreateMany(
        this.lookupKeys(predicate) as never,
        payload.map((row) => this.withForeignKey(row)),
        { ...options, client: trx }
      )
    )
  }

  /** Updates the related rows matched by `predicate` among this parent's, the rest created. */
  updateOrCreateMany(
    payload: ModelObject[],
    predicate?: string | string[],
    options?: ModelAssignOptions
  ): Promise<LucidRow[]> {
    return this.withParent((trx) =>
      this.relatedModel.updateOrCreateMany(
        this.lookupKeys(predicate) as never,
        payload.map((row) => this.withForeignKey(row)),
        { ...options, client: trx }
      )
    )
  }

  /** The parent's foreign key, then the predicate's keys (none by default, as in Lucid). */
  protected lookupKeys(predicate?: string | string[]): string[] {
    const keys = predicate === undefined ? [] : [predicate].flat()
    const own = Object.keys(this.relation.foreignValues(this.parent))
    return [...own, ...keys.filter((key) => !own.includes(key))]
  }
}
