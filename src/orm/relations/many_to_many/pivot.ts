/**
 * Pivot row helpers of many-to-many writes: normalising the ids callers
 * give, diffing them against the stored pivot rows (sync), and inserting
 * pivot rows in as few statements as the bind limit allows.
 */
import { DateTime } from 'luxon'
import type { QueryClientContract } from '../../../types/database.js'
import type { ModelObject } from '../../../types/model.js'
import type { PivotIds } from '../../../types/relations.js'
import { managedTransaction } from '../../../database/managed_transaction.js'
import { chunk, joinKey } from '../keys.js'

/** One related id with the pivot attributes to store next to it. */
export interface PivotEntry {
  id: string | number
  attributes: ModelObject
}

/** What `sync()` has to write. */
export interface SyncDiff {
  added: PivotEntry[]
  updated: PivotEntry[]
  /** Related ids linked now but absent from the incoming ids. */
  removed: unknown[]
}

/** Bindings kept free when sizing multi-row inserts. */
const bindingHeadroom = 100

/** Alias of a pivot column in selected rows (and so in `$extras`): `pivot_user_id`. */
export function pivotAlias(column: string): string {
  return `pivot_${column}`
}

/** `[1, 2]` or `{ 1: { proficiency: 3 } }` as entries; the last duplicate id wins. */
export function pivotEntries(ids: PivotIds): PivotEntry[] {
  const entries = new Map<unknown, PivotEntry>()
  if (Array.isArray(ids)) {
    for (const id of ids) entries.set(joinKey(id), { id, attributes: {} })
  } else {
    for (const [id, attributes] of Object.entries(ids)) {
      entries.set(joinKey(id), { id, attributes: { ...attributes } })
    }
  }
  return [...entries.values()]
}

/** A comparable form of a stored or given value: booleans as 0/1, numbers as strings. */
function comparable(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (DateTime.isDateTime(value)) return value.toJSDate().toISOString()
  return joinKey(value)
}

/**
 * Loose equality of a stored pivot value and a given one: drivers return
 * booleans as 0/1 and bigints as strings, which must not count as changes.
 */
export function samePivotValue(stored: unknown, given: unknown): boolean {
  return comparable(stored) === comparable(given)
}

/** Diffs the incoming entries against the stored pivot rows of one parent. */
export function syncDiff(
  stored: ModelObject[],
  incoming: PivotEntry[],
  relatedForeignKey: string
): SyncDiff {
  const byId = new Map<unknown, ModelObject>()
  for (const row of stored) byId.set(joinKey(row[relatedForeignKey]), row)
  const diff: SyncDiff = { added: [], updated: [], removed: [] }
  const kept = new Set<unknown>()
  for (const entry of incoming) {
    const key = joinKey(entry.id)
    kept.add(key)
    const row = byId.get(key)
    if (!row) diff.added.push(entry)
    else if (
      Object.entries(entry.attributes).some(([name, value]) => !samePivotValue(row[name], value))
    ) {
      diff.updated.push(entry)
    }
  }
  for (const [key, row] of byId) if (!kept.has(key)) diff.removed.push(row[relatedForeignKey])
  return diff
}

/** `created_at`/`updated_at` values for pivot rows, in the dialect's format. */
export function pivotTimestamps(
  client: QueryClientContract,
  columns: { createdAt?: string; updatedAt?: string },
  updatedOnly: boolean
): ModelObject {
  const now = DateTime.local().toFormat(client.dialect.dateTimeFormat)
  const values: ModelObject = {}
  if (columns.createdAt && !updatedOnly) values[columns.createdAt] = now
  if (columns.updatedAt) values[columns.updatedAt] = now
  return values
}

/**
 * Inserts pivot rows: one multi-row INSERT per set of columns (so database
 * defaults still apply to columns a row leaves out), split only when the
 * bind limit requires it. Several statements run in one transaction, so a
 * failing one leaves none of the rows behind.
 */
export async function insertPivotRows(
  client: QueryClientContract,
  table: string,
  rows: ModelObject[]
) {
  const shapes = new Map<string, ModelObject[]>()
  for (const row of rows) {
    const shape = Object.keys(row).sort().join('\u0000')
    const group = shapes.get(shape)
    if (group) group.push(row)
    else shapes.set(shape, [row])
  }
  const statements: ModelObject[][] = []
  for (const group of shapes.values()) {
    const columns = Math.max(Object.keys(group[0]).length, 1)
    const byBindings = Math.floor((client.dialect.maxBindings - bindingHeadroom) / columns)
    // knex writes SQLite multi-row inserts as UNION ALL selects, capped at 500 terms
    const size = Math.max(
      client.dialect.name === 'sqlite' ? Math.min(byBindings, 400) : byBindings,
      1
    )
    statements.push(...chunk(group, size))
  }
  const insert = async (target: QueryClientContract) => {
    for (const part of statements) await target.insertQuery().table(table).multiInsert(part)
  }
  if (statements.length > 1) await managedTransaction(client, insert)
  else await insert(client)
}
