/**
 * Where reads go within one async context (an HTTP request, a job):
 * `db.stickyScope(fn)` remembers the connections written to inside `fn`,
 * whose later reads (with `replicas.sticky`) go to the primary;
 * `db.usePrimary(fn)` sends every read inside `fn` to the primary.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

interface ReadContext {
  /** Every read goes to the primary (`usePrimary`). */
  primary: boolean
  /** Sticky connections written to in this context (a `stickyScope`); keyed by Connection. */
  written?: Set<object>
}

const storage = new AsyncLocalStorage<ReadContext>()
/** Set once any scope was opened: until then routing never looks the context up. */
let scopesOpened = false

/** True once a `stickyScope` or `usePrimary` was opened in this process. */
export function hasReadScopes(): boolean {
  return scopesOpened
}

/**
 * Runs `fn` in a sticky context: after a write on a connection with
 * `replicas.sticky`, reads of that connection in the context go to the
 * primary. Inside a sticky context already, `fn` shares it.
 */
export function stickyScope<Result>(fn: () => Result): Result {
  const outer = storage.getStore()
  if (outer?.written) return fn()
  scopesOpened = true
  return storage.run({ primary: outer?.primary ?? false, written: new Set() }, fn)
}

/** Runs `fn` with every read (of every connection) going to the primary. */
export function usePrimary<Result>(fn: () => Result): Result {
  scopesOpened = true
  return storage.run({ primary: true, written: storage.getStore()?.written }, fn)
}

/** True when the current context sends the reads of `connection` to the primary. */
export function readsFromPrimary(connection: object): boolean {
  const context = storage.getStore()
  if (context === undefined) return false
  return context.primary || context.written?.has(connection) === true
}

/** Notes a write on a sticky `connection` in the current sticky context, if any. */
export function noteWrite(connection: object): void {
  storage.getStore()?.written?.add(connection)
}
