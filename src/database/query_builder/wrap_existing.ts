/**
 * `wrapExisting()`: the where clauses written so far become one group, so a
 * later `orWhere` cannot escape it (`where (a or b) and (c)`). Once a query
 * has groups, the clauses written after the last `wrapExisting()` form a
 * group of their own too, joined with `or` when its first clause is an
 * `or*` clause, as Lucid does.
 *
 * The groups live in knex's own statement list, as `where (...)` statements
 * over frozen copies of the clauses they hold, so `clone()` and
 * `clearWhere()` carry or drop them with no state of ours to copy.
 */
import type { Knex } from 'knex'
import { AggregateChainable } from './aggregates.js'
import { knexInternals, type KnexStatement } from './knex_internals.js'

/** Marks a statement as a group of ours, closed (by `wrapExisting()`) or open (still growing). */
const group: unique symbol = Symbol('stratum.whereGroup')

/** A knex statement, as knex keeps it in `_statements`, maybe one of our groups. */
type GroupedStatement = KnexStatement & { [group]?: 'open' | 'closed' }

/** A knex `where (...)` statement holding `clauses`, joined with `or` when the first one is. */
function groupStatement(clauses: readonly GroupedStatement[], state: 'open' | 'closed') {
  const inner = Object.freeze([...clauses])
  return {
    grouping: 'where',
    type: 'whereWrapped',
    bool: inner[0].bool === 'or' ? 'or' : 'and',
    not: false,
    value(this: Knex.QueryBuilder) {
      knexInternals(this)._statements.push(...inner)
    },
    [group]: state,
    clauses: inner,
  }
}

type GroupStatement = ReturnType<typeof groupStatement>

/**
 * Puts the where clauses that are in no group yet into the open group (made
 * when missing), then closes it when `close` is set. Without groups and
 * without `close`, the clauses stay as they are.
 */
function regroupWheres(knexQuery: Knex.QueryBuilder, close: boolean): void {
  const internals = knexInternals(knexQuery)
  const statements = internals._statements
  // the common case, a query that never called wrapExisting(), stops here
  if (!close && !statements.some((statement) => statement[group] !== undefined)) return
  let open: GroupStatement | undefined
  const loose: GroupedStatement[] = []
  for (const statement of statements) {
    if (statement.grouping !== 'where') continue
    const state = statement[group]
    if (state === undefined) loose.push(statement)
    else if (state === 'open') open = statement as GroupStatement
  }
  if (loose.length === 0 && (!open || !close)) return
  const clauses = open ? [...open.clauses, ...loose] : loose
  const moved = new Set<GroupedStatement>(clauses)
  if (open) moved.add(open)
  const kept = statements.filter((statement) => !moved.has(statement))
  kept.push(groupStatement(clauses, close ? 'closed' : 'open'))
  internals._statements = kept
}

/** True for knex methods that add where clauses (`where`, `orWhereIn`, `whereRaw`...). */
function addsWhere(method: string): boolean {
  return method.startsWith('where') || method.startsWith('orWhere')
}

export abstract class WrapExistingChainable extends AggregateChainable {
  /** Keeps the clauses written after a `wrapExisting()` in their own group. */
  protected callKnex(method: string, ...args: unknown[]): this {
    super.callKnex(method, ...args)
    if (addsWhere(method)) regroupWheres(this.knexQuery, false)
    return this
  }

  /**
   * Wraps the where clauses written so far in one group; the clauses added
   * later form groups of their own. Without where clauses, or when nothing
   * was added since the last call, it does nothing.
   *
   * Example:
   * ```ts
   * db.from('users').where('role', 'admin').orWhere('role', 'owner').wrapExisting().where('is_active', true)
   * // where (role = ? or role = ?) and (is_active = ?)
   * ```
   */
  wrapExisting(): this {
    regroupWheres(this.knexQuery, true)
    return this
  }
}
