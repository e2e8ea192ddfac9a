/**
 * Models written in a transaction go back to their state before it when it
 * rolls back (as Rails does): `$isPersisted`, the primary key, `$original`
 * and so the dirty state, `$isDeleted`, and the values the write itself set
 * (generated key, `autoCreate`/`autoUpdate` dates, what hooks wrote).
 *
 * Each transaction keeps one journal: the state of each model before its
 * first write there. Two listeners per transaction, not per model: on
 * rollback the journal is replayed; on a savepoint's release it moves to the
 * enclosing transaction (whose rollback then restores those models too); on
 * the outermost commit it is dropped.
 */
import type { TransactionClientContract } from '../../types/database.js'
import type { LucidRow, ModelObject } from '../../types/model.js'
import { FILLED, FORCE_UPDATE, hasFlag, setFlag } from './instance_state.js'
import { cloneAttributes, hasNestedValues } from './json_values.js'
import { pendingBits, restorePending, storedAttributes, storedOriginal } from './lazy_values.js'

/** A model's state before its first write in a transaction. */
interface Snapshot {
  /** Order of the snapshots: the earliest one of a model wins when journals merge. */
  order: number
  persisted: boolean
  deleted: boolean
  filled: boolean
  forceUpdate: boolean
  attributes: ModelObject
  original: ModelObject
  /** Date columns still pending then (their raw values are in `attributes`). */
  pending: number
  /**
   * Values the caller assigned before each later write in the transaction
   * (what hooks and Stratum then wrote is not in it): they survive a rollback.
   */
  assigned: ModelObject | undefined
  /** Keys a relation write set, by attribute, with their values before it (the first write's). */
  keys?: Map<string, KeptKey>
}

/** An attribute's value before a write set it: `present` false when it had none. */
export type KeptKey = readonly [attribute: string, present: boolean, value: unknown]

type Journal = Map<LucidRow, Snapshot>

/** A savepoint's enclosing transaction (TransactionClient exposes it). */
interface Nested {
  parent?: TransactionClientContract
}

const journals = new WeakMap<TransactionClientContract, Journal>()
let counter = 0

function journalOf(trx: TransactionClientContract): Journal {
  let journal = journals.get(trx)
  if (journal === undefined) {
    journal = new Map()
    journals.set(trx, journal)
    // listeners run synchronously as the transaction ends, before its after() hooks
    trx.once('rollback', restoreJournal)
    trx.once('commit', releaseJournal)
  }
  return journal
}

/** JSON values are copied deeply: hooks and callers may change them in place. */
function copyValues(values: ModelObject): ModelObject {
  return hasNestedValues(values) ? cloneAttributes(values) : { ...values }
}

/**
 * Remembers the model's state before a write in `trx`, unless it was
 * already written there. Call it before the write's hooks run.
 */
export function rememberState(instance: LucidRow, trx: TransactionClientContract | undefined) {
  if (trx === undefined) return
  const journal = journalOf(trx)
  const known = journal.get(instance)
  if (known !== undefined) {
    if (!instance.$isDeleted) known.assigned = { ...known.assigned, ...instance.$dirty }
    return
  }
  const persisted = instance.$isPersisted
  journal.set(instance, {
    order: ++counter,
    persisted,
    deleted: instance.$isDeleted,
    filled: hasFlag(instance, FILLED),
    forceUpdate: hasFlag(instance, FORCE_UPDATE),
    // as stored: date columns still pending are kept raw (and pending again on restore)
    attributes: copyValues(storedAttributes(instance)),
    // a new model's original is not copied: its first write replaces the object
    original: persisted ? copyValues(storedOriginal(instance)) : instance.$original,
    pending: pendingBits(instance),
    assigned: undefined,
  })
}

/**
 * Marks attributes a relation write sets on the model in `trx` (a foreign key copied from a
 * parent): a rollback of `trx` gives them their `kept` values, where a value the caller
 * assigned would survive it. Call it before setting them, or after the write that created
 * the model.
 */
export function rememberKeys(
  instance: LucidRow,
  trx: TransactionClientContract,
  kept: readonly KeptKey[]
) {
  rememberState(instance, trx)
  const snapshot = journalOf(trx).get(instance)!
  const keys = (snapshot.keys ??= new Map())
  for (const entry of kept) if (!keys.has(entry[0])) keys.set(entry[0], entry)
}

/** The relation keys of two snapshots of one model: the earlier one's values win. */
function mergeKeys(earlier: Snapshot, later: Snapshot): Map<string, KeptKey> | undefined {
  if (later.keys === undefined) return earlier.keys
  return new Map([...later.keys, ...(earlier.keys ?? [])])
}

/** Listener of a transaction's rollback (a failed COMMIT included). */
function restoreJournal(trx: TransactionClientContract) {
  const journal = journals.get(trx)
  if (journal === undefined) return
  journals.delete(trx)
  for (const [instance, snapshot] of journal) restoreModel(instance, snapshot)
}

/** Listener of a commit: a released savepoint hands its journal to its parent. */
function releaseJournal(trx: TransactionClientContract) {
  const journal = journals.get(trx)
  if (journal === undefined) return
  journals.delete(trx)
  const parent = (trx as Nested).parent
  if (parent === undefined || parent.isCompleted) return
  const target = journalOf(parent)
  for (const [instance, snapshot] of journal) {
    const known = target.get(instance)
    if (known === undefined) target.set(instance, snapshot)
    else if (snapshot.order > known.order) {
      known.assigned = assignedSince(known, snapshot)
      known.keys = mergeKeys(known, snapshot)
    } else {
      // written in the parent while the savepoint was open: the savepoint's snapshot is older
      snapshot.assigned = assignedSince(snapshot, known)
      snapshot.keys = mergeKeys(snapshot, known)
      target.set(instance, snapshot)
    }
  }
}

/** What was assigned up to a later snapshot, from the point of view of an earlier one. */
function assignedSince(earlier: Snapshot, later: Snapshot): ModelObject {
  // the later snapshot's attributes hold what the caller had assigned by then
  const pending = later.persisted && !later.deleted ? dirtyAt(later) : later.attributes
  return { ...earlier.assigned, ...pending, ...later.assigned }
}

/** The attributes of a snapshot that differ from its original (JSON compared as text). */
function dirtyAt(snapshot: Snapshot): ModelObject {
  const dirty: ModelObject = {}
  for (const key in snapshot.attributes) {
    const value = snapshot.attributes[key]
    const original = snapshot.original[key]
    if (value !== original && JSON.stringify(value) !== JSON.stringify(original)) dirty[key] = value
  }
  return dirty
}

/**
 * Puts the model back in its snapshot state. What the caller assigned keeps
 * its value, dirty again: changes made since the last completed save, and
 * values assigned before each save. What the writes set themselves (the
 * generated key, `autoCreate`/`autoUpdate` dates, values hooks wrote, the
 * foreign keys relation writes copied) takes its value from before the
 * transaction (before the relation write), so the next save runs it again.
 */
function restoreModel(instance: LucidRow, snapshot: Snapshot) {
  const changed = instance.$isPersisted && !instance.$isDeleted ? instance.$dirty : undefined
  const current = instance.$attributes
  const attributes = { ...snapshot.attributes, ...snapshot.assigned }
  if (snapshot.keys !== undefined) {
    for (const [attribute, present, value] of snapshot.keys.values()) {
      if (present) attributes[attribute] = value
      else delete attributes[attribute]
    }
  }
  if (changed !== undefined) {
    for (const key in changed) {
      if (key in current) attributes[key] = current[key]
      else delete attributes[key] // removed by fill() after the save
    }
  }
  instance.$isDeleted = snapshot.deleted
  instance.$attributes = attributes
  instance.$original = snapshot.original
  restorePending(instance, snapshot.pending, snapshot.attributes)
  instance.$isPersisted = snapshot.persisted
  setFlag(instance, FILLED, snapshot.filled)
  setFlag(instance, FORCE_UPDATE, snapshot.forceUpdate)
}
