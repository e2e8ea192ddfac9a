/**
 * Pivot rows of factory graphs (`hasAttached`, many-to-many `with`): their
 * attributes, and one batched write per relation after every level of the
 * graph is written (both sides need their keys).
 */
import { E_UNSUPPORTED_FACTORY_RELATION } from '../errors.js'
import type { TransactionClientContract } from '../types/database.js'
import type { LucidRow } from '../types/model.js'
import type { ManyToMany } from '../orm/relations/many_to_many/relation.js'
import type { PersistencePlan, PlanRow } from './planner.js'

type Values = Record<string, unknown>

/** A pivot row waiting for its parent and related rows to be written. */
export interface PendingPivot {
  parent: PlanRow
  related: PlanRow | LucidRow
  /** Computed when the row is written: a pivot callback sees the saved parent (its key). */
  attributes: () => Values
}

/** What queuing pivot rows needs of a factory session. */
interface PivotSession {
  readonly options: { $trx?: TransactionClientContract }
  readonly pivots: Map<ManyToMany, PendingPivot[]>
}

/** True for a model instance (an existing row), as opposed to a planned row. */
export function isModel(value: unknown): value is LucidRow {
  return value !== null && typeof value === 'object' && '$attributes' in value
}

/** Queues a pivot row (written after every level, with the other pivot rows of the relation). */
export function queuePivot(
  plan: PersistencePlan,
  session: PivotSession,
  relation: ManyToMany,
  parent: PlanRow,
  related: PlanRow | LucidRow,
  attributes: () => Values
) {
  let batch = session.pivots.get(relation)
  if (!batch) {
    batch = []
    session.pivots.set(relation, batch)
    const queued = batch
    plan.steps.push(async () => {
      // read when written: a blueprint's create() opens its transaction after planning
      const client = session.options.$trx
      if (!client) {
        // create() writes every model row in a transaction: only a blueprint has none
        throw new E_UNSUPPORTED_FACTORY_RELATION(
          `Cannot attach "${relation.model.name}.${relation.relationName}" rows outside the transaction of create()`
        )
      }
      const rows = queued.map((entry) => ({
        parent: entry.parent.row as LucidRow,
        related: isModel(entry.related) ? entry.related : (entry.related.row as LucidRow),
        attributes: entry.attributes(),
      }))
      await relation.insertPivots(client, rows)
      // the parents' after('create') callbacks see their pivot rows, as in Lucid
      for (const entry of queued) await plan.release(entry.parent)
    })
  }
  plan.hold(parent)
  batch.push({ parent, related, attributes })
}
