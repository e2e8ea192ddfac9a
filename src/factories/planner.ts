/**
 * The persistence plan of a `create()` call: every row the call makes,
 * kept in memory, then written level by level with multi-row INSERTs.
 *
 * Node structure:
 * - `PlanRow`: one row to write. `row` is the model instance (or plain
 *   object), `writer` says how its group is written (one per model class
 *   and quiet flag, or one per plain-object blueprint), `links` are its
 *   pending foreign keys: `row[attribute] = source.row[sourceKey]`, copied
 *   once `source` is written. `before` / `after` hold the factory
 *   callbacks of the row (`before('create')`, `after('create')`).
 * - Levels: a row's level is 1 + the highest level of its link sources
 *   (0 without links), so belongs-to parents (and `userId: UserFactory`
 *   attribute factories) land below the rows that point at them, and
 *   has-one/has-many children (linked to their parent) above it. A link
 *   back to a row that is still being levelled is a cycle: `E_FACTORY_CYCLE`.
 * - Writing: for each level in order, rows are grouped by writer (first
 *   seen first, rows in the order they were added): links are filled, the
 *   `before` callbacks run, the writer inserts the whole group (a model
 *   writer calls `Model.$insertMany`, one statement per chunk), then the
 *   `after` callbacks run, as in Lucid and Laravel only once the rows
 *   written for it (`with`/`has` children, `own`) have run theirs. Pivot
 *   rows of many-to-many relations go in `steps`: closures run after the
 *   last level, in order, when every key they need exists; a parent's
 *   `after` callbacks wait for its pivot rows too (`hold` / `release`).
 */
import { E_FACTORY_CYCLE, E_MISSING_MODEL_ATTRIBUTE } from '../errors.js'
import type { TransactionClientContract } from '../types/database.js'
import type { LucidModel, LucidRow } from '../types/model.js'

/** A pending foreign key: `row[attribute]` takes `source.row[sourceKey]` once `source` is written. */
export interface PlanLink {
  attribute: string
  source: PlanRow
  sourceKey: string
}

/** Writes the rows of one group; may hand back replacements (a blueprint's persist callback). */
export interface RowWriter {
  /** Label for error messages. */
  readonly name: string
  write(rows: object[], client?: TransactionClientContract): Promise<object[] | void>
}

/** One row of the plan. */
export interface PlanRow {
  row: object
  writer: RowWriter
  /** Pending foreign keys, callbacks (undefined: none; most rows of a large graph have none). */
  links?: PlanLink[]
  before?: (() => Promise<void>)[]
  after?: (() => Promise<void>)[]
  /** The row this one is written for (a `with`/`has` child's parent). */
  owner?: PlanRow
  /** Rows written for this one whose `after` callbacks have not run yet. */
  waiting: number
  written: boolean
  /** Level in the plan once levelled; `unlevelled` before, `levelling` while its sources are. */
  level: number
}

const unlevelled = -1
const levelling = -2

/** Writes model rows with `Model.$insertMany` (hooks per row unless quiet). */
class ModelWriter implements RowWriter {
  readonly name: string

  constructor(
    readonly Model: LucidModel,
    readonly quiet: boolean
  ) {
    this.name = Model.name
  }

  async write(rows: object[], client?: TransactionClientContract) {
    await this.Model.$insertMany(rows as LucidRow[], { client, quiet: this.quiet })
  }
}

/**
 * One writer per model class and quiet flag for the whole process, not one
 * per plan: objects made per call and reached from hot code die at each
 * full GC, and V8 then throws away the optimized code that held them.
 */
const modelWriters = new WeakMap<LucidModel, [loud?: RowWriter, quiet?: RowWriter]>()

/** The writer of a model class's rows. */
export function modelWriter(Model: LucidModel, quiet: boolean): RowWriter {
  let writers = modelWriters.get(Model)
  if (writers === undefined) modelWriters.set(Model, (writers = []))
  const slot = quiet ? 1 : 0
  return (writers[slot] ??= new ModelWriter(Model, quiet))
}

/**
 * The value a link copies from its written source row. A key the source
 * does not know (a column the database fills, never read back) would be
 * written as NULL without a word: `E_MISSING_MODEL_ATTRIBUTE` instead.
 */
function linkedValue(target: PlanRow, link: PlanLink): unknown {
  const value = (link.source.row as Record<string, unknown>)[link.sourceKey]
  if (value !== undefined && value !== null) return value
  const source = link.source.writer.name
  throw new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot set "${target.writer.name}.${link.attribute}": the "${source}" row it points at has no ` +
      `"${link.sourceKey}" (${String(value)}) once written. Only the primary key is read back: ` +
      `give "${link.sourceKey}" a value in the "${source}" factory or a before('create') callback`
  )
}

/** Rows to write, with their links; `persist()` writes them in foreign-key order. */
export class PersistencePlan {
  readonly rows: PlanRow[] = []
  /** Work that runs after every level (pivot rows). */
  readonly steps: (() => Promise<void>)[] = []
  /** The model classes with rows in the plan. */
  readonly #models = new Set<LucidModel>()

  /** The shared writer of a model class: its rows share INSERTs. */
  writerFor(Model: LucidModel, quiet: boolean): RowWriter {
    this.#models.add(Model)
    return modelWriter(Model, quiet)
  }

  /** The model classes with rows in the plan (none: a blueprint's plain objects only). */
  models(): LucidModel[] {
    return [...this.#models]
  }

  /** Adds a row to write. */
  add(row: object, writer: RowWriter): PlanRow {
    const planned: PlanRow = {
      row,
      writer,
      links: undefined,
      before: undefined,
      after: undefined,
      owner: undefined,
      waiting: 0,
      written: false,
      level: unlevelled,
    }
    this.rows.push(planned)
    return planned
  }

  /** `target.row[attribute]` takes `source.row[sourceKey]` once `source` is written. */
  link(target: PlanRow, attribute: string, source: PlanRow, sourceKey: string): void {
    ;(target.links ??= []).push({ attribute, source, sourceKey })
  }

  /** `child` is written for `parent`: the parent's `after` callbacks run after the child's. */
  own(parent: PlanRow, child: PlanRow): void {
    if (child.owner !== undefined) return
    child.owner = parent
    parent.waiting++
  }

  /** `row`'s `after` callbacks wait for work outside the levels (its pivot rows) until `release()`. */
  hold(row: PlanRow): void {
    row.waiting++
  }

  /** That work is done: runs `row`'s `after` callbacks once nothing else holds them. */
  async release(row: PlanRow): Promise<void> {
    await this.#release(row)
  }

  /**
   * The rows grouped by level, lowest (parents) first. The level is kept on
   * each row, and the path of rows being levelled is one stack: a graph of
   * thousands of rows allocates nothing per row here.
   */
  levels(): PlanRow[][] {
    const path: PlanRow[] = []
    const levels: PlanRow[][] = []
    for (const row of this.rows) {
      const level = levelOf(row, path)
      ;(levels[level] ??= []).push(row)
    }
    return levels.filter((rows) => rows !== undefined)
  }

  /**
   * Writes every row, level by level, then the steps. Runs one query at a
   * time on `client` (model writers open their own transaction without one).
   */
  async persist(client?: TransactionClientContract): Promise<void> {
    for (const level of this.levels()) {
      const groups = new Map<RowWriter, PlanRow[]>()
      for (const row of level) {
        const group = groups.get(row.writer)
        if (group) group.push(row)
        else groups.set(row.writer, [row])
      }
      for (const [writer, rows] of groups) await this.#write(writer, rows, client)
    }
    for (const step of this.steps) await step()
  }

  async #write(writer: RowWriter, rows: PlanRow[], client?: TransactionClientContract) {
    const targets: object[] = new Array(rows.length)
    for (let index = 0; index < rows.length; index++) {
      const planned = rows[index]
      if (planned.links !== undefined) fillLinks(planned, planned.links)
      targets[index] = planned.row
    }
    for (const planned of rows) {
      if (planned.before === undefined) continue
      for (const callback of planned.before) await callback()
    }
    const written = await writer.write(targets, client)
    if (Array.isArray(written) && written.length === rows.length) {
      for (let index = 0; index < rows.length; index++) rows[index].row = written[index]
    }
    for (const planned of rows) {
      planned.written = true
      if (planned.waiting === 0) {
        const finishing = this.#finish(planned)
        if (finishing !== undefined) await finishing
      }
    }
  }

  /**
   * Runs a written row's `after` callbacks, then its owner's once none of
   * its rows is waiting. Synchronous for the rows without callbacks (most
   * rows of a large graph): a promise per row is then not made.
   */
  #finish(planned: PlanRow): Promise<void> | undefined {
    if (planned.after !== undefined) return this.#finishAfterCallbacks(planned, planned.after)
    return planned.owner === undefined ? undefined : this.#release(planned.owner)
  }

  async #finishAfterCallbacks(planned: PlanRow, callbacks: (() => Promise<void>)[]) {
    for (const callback of callbacks) await callback()
    if (planned.owner !== undefined) await this.#release(planned.owner)
  }

  /** One thing `row` waited for is done: finishes it once it waits for nothing. */
  #release(row: PlanRow): Promise<void> | undefined {
    row.waiting--
    return row.waiting === 0 && row.written ? this.#finish(row) : undefined
  }
}

/**
 * A row's level: 1 + the highest level of its link sources, 0 without
 * links. `path` holds the rows being levelled, for the cycle error.
 */
function levelOf(row: PlanRow, path: PlanRow[]): number {
  if (row.level >= 0) return row.level
  if (row.level === levelling) throw cycleError([...path.slice(path.indexOf(row)), row])
  const links = row.links
  if (links === undefined) return (row.level = 0)
  row.level = levelling
  path.push(row)
  let level = 0
  for (const link of links) {
    // not Math.max: its result may be a heap number, which would box this field on every row
    const above = levelOf(link.source, path) + 1
    if (above > level) level = above
  }
  path.pop()
  return (row.level = level)
}

/** Copies a row's pending foreign keys from the rows they point at (written by now). */
function fillLinks(planned: PlanRow, links: PlanLink[]) {
  const target = planned.row as Record<string, unknown>
  for (const link of links) target[link.attribute] = linkedValue(planned, link)
}

/** The error of rows that depend on each other in a cycle. */
function cycleError(cycle: PlanRow[]) {
  const names = cycle.map((step) => step.writer.name)
  return new E_FACTORY_CYCLE(
    `Factory rows depend on each other in a cycle: ${names.join(' -> ')}. ` +
      'Create one side first and pass it to the other'
  )
}
