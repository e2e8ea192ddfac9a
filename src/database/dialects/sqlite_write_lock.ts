/**
 * One asynchronous write lock per SQLite database file, shared by every
 * connection and every Database of this process. SQLite allows one writer
 * per file; two pooled connections whose transactions both read then write
 * deadlock (each waits for the other's lock), and better-sqlite3 waits
 * synchronously, freezing the event loop for the whole busy timeout. So
 * transactions queue here, without blocking the event loop, before they
 * take a connection; the holder is the only one of this process that
 * writes. FIFO, so no waiter starves.
 */
import { resolve } from 'node:path'
import { AcquireConnectionTimeout } from '../../errors.js'

type Release = () => void

export class WriteLock {
  #held = false
  #waiters: Array<(release: Release) => void> = []

  constructor(
    /** Forgets this lock once nobody holds or waits for it. */
    readonly onIdle: () => void
  ) {}

  /** True while a transaction (or a statement queued behind one) holds the lock. */
  get isHeld(): boolean {
    return this.#held
  }

  /**
   * Resolves with the function that releases the lock, once every earlier
   * caller released it; rejects with `timeoutError()` after `timeoutMs`.
   */
  acquire(timeoutMs: number, timeoutError: () => Error): Promise<Release> {
    if (!this.#held) {
      this.#held = true
      return Promise.resolve(this.#releaser())
    }
    return new Promise((resolvePromise, reject) => {
      const grant = (release: Release) => {
        clearTimeout(timer)
        resolvePromise(release)
      }
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== grant)
        reject(timeoutError())
      }, timeoutMs)
      this.#waiters.push(grant)
    })
  }

  /** A release function that works once: a second call must not free someone else's turn. */
  #releaser(): Release {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiters.shift()
      if (next) {
        next(this.#releaser())
        return
      }
      this.#held = false
      this.onIdle()
    }
  }
}

const locks = new Map<unknown, WriteLock>()

/**
 * The lock of `filename`. An in-memory database is private to its
 * connection, so it gets a lock of its own, keyed by `owner`.
 */
export function writeLockOf(filename: unknown, owner: object): WriteLock {
  const memory = typeof filename !== 'string' || filename === '' || filename.includes(':memory:')
  const key = memory ? owner : resolve(filename)
  let lock = locks.get(key)
  if (!lock) {
    lock = new WriteLock(() => {
      if (!lock!.isHeld) locks.delete(key)
    })
    locks.set(key, lock)
  }
  return lock
}

/** The error of a transaction that waited `timeoutMs` for the lock of `filename`. */
export function lockTimeout(filename: unknown, timeoutMs: number): AcquireConnectionTimeout {
  return new AcquireConnectionTimeout(
    `Waited ${timeoutMs} ms (acquireConnectionTimeout) for the write lock of SQLite database ` +
      `"${String(filename)}": another transaction of this process held it all that time. ` +
      'Transactions on one SQLite file run one at a time; a query sent without `trx` inside a ' +
      'transaction callback (db.from(...), Model.create() without { client: trx }) waits for ' +
      'that very transaction: pass the transaction to it. Otherwise keep transactions short, ' +
      'or raise acquireConnectionTimeout.'
  )
}
