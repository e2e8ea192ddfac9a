/**
 * `user.related('skills')`: queries scoped to one parent and the pivot
 * writes (attach, detach, sync, save, create). Writes touching several rows
 * run in one transaction (the parent's `$trx` when it has one).
 */
import { managedTransaction } from '../../../database/managed_transaction.js'
import type { RelatedQuery } from '../base.js'
import type { QueryClientContract, TransactionClientContract } from '../../../types/database.js'
import type { LucidModel, LucidRow, ModelObject } from '../../../types/model.js'
import type { ModelAssignOptions } from '../../../types/model_base.js'
import type { PivotIds } from '../../../types/relations.js'
import { chunk, joinKey } from '../keys.js'
import {
  insertPivotRows,
  pivotEntries,
  pivotTimestamps,
  syncDiff,
  type PivotEntry,
} from './pivot.js'
import { ManyToManyQueryBuilder } from './query_builder.js'
import type { ManyToManyKeys } from '../../../types/relation_keys.js'

/** Bindings kept free for the parent key when deleting by a list of ids. */
const bindingHeadroom = 100

export class ManyToManyClient {
  constructor(
    readonly relation: ManyToManyKeys<RelatedQuery>,
    readonly parent: LucidRow,
    readonly client: QueryClientContract
  ) {}

  protected get relatedModel(): LucidModel {
    return this.relation.relatedModel()
  }

  /** The related rows of this parent, pivot columns in `$extras` as `pivot_<column>`. */
  query(): ManyToManyQueryBuilder {
    const query = ManyToManyQueryBuilder.forParent(this.relation, this.client, this.parent)
    this.relation.options.onQuery?.(query)
    return query
  }

  /**
   * The pivot rows of this parent, as plain objects; the relation's
   * `onQuery` runs on it too (`query.isPivotOnlyQuery` tells them apart).
   */
  pivotQuery(): ManyToManyQueryBuilder {
    const query = ManyToManyQueryBuilder.forPivot(this.relation, this.client, this.parent)
    this.relation.options.onQuery?.(query)
    return query
  }

  /**
   * The pivot rows of this parent on `client`, for detach and sync: the
   * relation's `onQuery` constrains them too, as in Lucid, so a relation
   * narrowed by a pivot column (`wherePivot('role', 'admin')`) only reads,
   * updates and deletes its own rows of a shared pivot table.
   */
  protected pivotQueryOn(client: QueryClientContract, action: string): ManyToManyQueryBuilder {
    // an unsaved parent fails here, naming the write, rather than when the query runs
    this.relation.parentValue(this.parent, action)
    const query = ManyToManyQueryBuilder.forPivot(this.relation, client, this.parent)
    this.relation.options.onQuery?.(query)
    return query
  }

  /** The client writes go through: the given transaction, the parent's, or the relation's client. */
  protected writeClient(trx?: TransactionClientContract): QueryClientContract {
    return trx ?? this.parent.$trx ?? this.client
  }

  /** Pivot rows linking this parent to each entry (keys, timestamps, attributes). */
  protected pivotRows(client: QueryClientContract, entries: PivotEntry[]): ModelObject[] {
    const { pivotForeignKey, pivotRelatedForeignKey } = this.relation
    const parentValue = this.relation.parentValue(this.parent, 'attach')
    const timestamps = pivotTimestamps(client, this.timestampColumns(), false)
    return entries.map((entry) => ({
      ...timestamps,
      ...entry.attributes,
      ...this.relation.pivotValues(),
      [pivotForeignKey]: parentValue,
      [pivotRelatedForeignKey]: entry.id,
    }))
  }

  protected timestampColumns() {
    return { createdAt: this.relation.pivotCreatedAt, updatedAt: this.relation.pivotUpdatedAt }
  }

  /** Links related ids to this parent: `attach([1, 2])` or `attach({ 1: { proficiency: 3 } })`. */
  async attach(ids: PivotIds, trx?: TransactionClientContract): Promise<void> {
    await this.attachEntries(pivotEntries(ids), this.writeClient(trx))
  }

  protected async attachEntries(entries: PivotEntry[], client: QueryClientContract) {
    if (entries.length === 0) return
    await insertPivotRows(client, this.relation.pivotTable, this.pivotRows(client, entries))
  }

  /**
   * Unlinks related ids from this parent, or every related row when `ids`
   * is omitted. An empty list unlinks nothing (Lucid would unlink all).
   */
  async detach(ids?: (string | number)[], trx?: TransactionClientContract): Promise<void> {
    const client = this.writeClient(trx)
    if (ids === undefined) {
      await this.pivotQueryOn(client, 'detach').del()
      return
    }
    await this.deleteRelated(client, ids)
  }

  /** Deletes the pivot rows of these related ids: one statement unless the bind limit splits it. */
  protected async deleteRelated(client: QueryClientContract, ids: unknown[]) {
    const column = `${this.relation.pivotTable}.${this.relation.pivotRelatedForeignKey}`
    const size = Math.max(client.dialect.maxBindings - bindingHeadroom, 1)
    if (ids.length === 0) return
    for (const part of chunk(ids, size)) {
      await this.pivotQueryOn(client, 'detach').whereIn(column, part).del()
    }
  }

  /**
   * Makes the pivot rows match `ids`: one read of the current rows, then
   * one insert for the missing, an update per row whose attributes changed,
   * and (with `detach`) one delete for the rest.
   */
  async sync(ids: PivotIds, detach = true, trx?: TransactionClientContract): Promise<void> {
    await managedTransaction(this.writeClient(trx), (transaction) =>
      this.syncEntries(pivotEntries(ids), detach, transaction)
    )
  }

  protected async syncEntries(
    entries: PivotEntry[],
    detach: boolean,
    trx: TransactionClientContract
  ) {
    const { pivotTable, pivotRelatedForeignKey } = this.relation
    const relatedColumn = `${pivotTable}.${pivotRelatedForeignKey}`
    const read = this.pivotQueryOn(trx, 'sync')
    const attributes = new Set(entries.flatMap((entry) => Object.keys(entry.attributes)))
    read.select([pivotRelatedForeignKey, ...attributes].map((column) => `${pivotTable}.${column}`))
    // without detach, only the incoming ids can change
    if (!detach) {
      if (entries.length === 0) return
      read.whereIn(
        relatedColumn,
        entries.map((entry) => entry.id)
      )
    }
    const diff = syncDiff(await read, entries, pivotRelatedForeignKey)
    await this.attachEntries(diff.added, trx)
    const timestamps = pivotTimestamps(trx, this.timestampColumns(), true)
    for (const entry of diff.updated) {
      await this.pivotQueryOn(trx, 'sync')
        .where(relatedColumn, entry.id)
        .update({ ...timestamps, ...entry.attributes })
    }
    if (detach) await this.deleteRelated(trx, diff.removed)
  }

  /** Runs `work` in a transaction after saving the parent, so its key exists. */
  protected async withParent<T>(work: (trx: TransactionClientContract) => Promise<T>): Promise<T> {
    return managedTransaction(this.parent.$trx ?? this.client, async (trx) => {
      this.parent.$trx = trx
      await this.parent.save()
      return work(trx)
    })
  }

  /**
   * Links saved related models; with `performSync` existing links are updated, not duplicated.
   * A model given twice is linked once, with its last pivot attributes (as in Lucid).
   */
  protected async link(
    related: LucidRow[],
    pivotAttributes: (ModelObject | undefined)[],
    performSync: boolean,
    trx: TransactionClientContract
  ) {
    const byKey = new Map<unknown, PivotEntry>()
    related.forEach((model, index) => {
      const id = this.relation.relatedValue(model, 'attach') as string | number
      byKey.set(joinKey(id), { id, attributes: { ...pivotAttributes[index] } })
    })
    const entries = [...byKey.values()]
    if (performSync) await this.syncEntries(entries, false, trx)
    else await this.attachEntries(entries, trx)
  }

  /** Saves the related model, then links it to this parent. */
  async save(related: LucidRow, performSync = true, pivotAttributes?: ModelObject): Promise<void> {
    await this.saveMany([related], performSync, [pivotAttributes])
  }

  /** Saves several related models, then links them in one write. */
  async saveMany(
    related: LucidRow[],
    performSync = true,
    pivotAttributes: (ModelObject | undefined)[] = []
  ): Promise<void> {
    await this.withParent(async (trx) => {
      for (const model of related) {
        model.$trx = trx
        await model.save()
      }
      await this.link(related, pivotAttributes, performSync, trx)
    })
  }

  /** Creates a related model and links it to this parent (`options`: the model's create options). */
  async create(
    values: ModelObject,
    pivotAttributes?: ModelObject,
    options?: ModelAssignOptions
  ): Promise<LucidRow> {
    const [created] = await this.createMany([values], [pivotAttributes], options)
    return created
  }

  /** Creates several related models and links them in one insert. */
  createMany(
    values: ModelObject[],
    pivotAttributes: (ModelObject | undefined)[] = [],
    options?: ModelAssignOptions
  ): Promise<LucidRow[]> {
    return this.withParent(async (trx) => {
      const related = await this.relatedModel.createMany(values, { ...options, client: trx })
      await this.link(related, pivotAttributes, false, trx)
      return related
    })
  }
}
