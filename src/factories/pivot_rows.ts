/**
 * Pivot rows of factory graphs (`hasAttached`, many-to-many `with`): their
 * attributes, and one batched write per relation after every level of the
 * graph is written (both sides need their keys).
 */
import type { BaseRelation } from '../orm/relations/base.js'
import type { LucidRow } from '../types/model.js'
import type { PersistencePlan, PlanRow } from './planner.js'

type Values = Record<string, unknown>

/** Pivot attributes: one object, one per related row, or computed from the parent row. */
export type PivotSource = Values | Values[] | ((parent: any) => Values)

/** A pivot row waiting for its parent and related rows to be written. */
export interface PendingPivot {
  parent: PlanRow
  related: PlanRow | LucidRow
  attributes: Values
}

/** What queuing pivot rows needs of a factory session. */
interface PivotSession {
  readonly options: { $trx?: unknown }
  pivots: Map<BaseRelation, PendingPivot[]>
}

/** What a many-to-many relation offers factories: one batched write of pivot rows. */
export interface PivotWriter {
  insertPivots(
    client: unknown,
    rows: { parent: LucidRow; related: LucidRow; attributes: Values }[]
  ): Promise<void>
}

/** True for a model instance (an existing row), as opposed to a planned row. */
export function isModel(value: unknown): value is LucidRow {
  return value !== null && typeof value === 'object' && '$attributes' in (value as object)
}

/** Pivot attributes of the related row at `index` for `parent`. */
export function pivotAttributesFor(
  source: PivotSource | undefined,
  index: number,
  parent: object
): Values {
  if (!source) return {}
  if (typeof source === 'function') return source(parent) ?? {}
  if (Array.isArray(source)) return source[index] ?? {}
  return source
}

/** Queues a pivot row (written after every level, with the other pivot rows of the relation). */
export function queuePivot(
  plan: PersistencePlan,
  session: PivotSession,
  relation: BaseRelation,
  parent: PlanRow,
  related: PlanRow | LucidRow,
  attributes: Values
) {
  let batch = session.pivots.get(relation)
  if (!batch) {
    batch = []
    session.pivots.set(relation, batch)
    const queued = batch
    plan.steps.push(async () => {
      const rows = queued.map((entry) => ({
        parent: entry.parent.row as LucidRow,
        related: (isModel(entry.related) ? entry.related : entry.related.row) as LucidRow,
        attributes: entry.attributes,
      }))
      await (relation as unknown as PivotWriter).insertPivots(session.options.$trx, rows)
    })
  }
  batch.push({ parent, related, attributes })
}
