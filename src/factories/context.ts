/**
 * The state one `make()` / `create()` call shares across the factories it
 * involves: the transaction, whether rows are stubbed, and per factory a
 * faker and the values `ctx.unique()` handed out. Also faker construction
 * and seed derivation.
 */
import { allLocales, base, en, Faker, type LocaleDefinition } from '@faker-js/faker'
import { E_FACTORY_CYCLE, E_FACTORY_UNIQUE_EXHAUSTED, E_UNKNOWN_FACTORY_LOCALE } from '../errors.js'
import type { TransactionClientContract } from '../types/database.js'
import type { FactoryContextContract, UniqueOptions } from '../types/factory.js'
import type { LucidModel, LucidRow } from '../types/model.js'
import type { ManyToMany } from '../orm/relations/many_to_many/relation.js'
import type { PendingPivot } from './pivot_rows.js'

/** Reference date of seeded fakers, so relative dates (`faker.date.recent()`) repeat too. */
const seededRefDate = '2025-01-01T00:00:00.000Z'

/** A seed for one factory: the global seed mixed with its name (FNV-1a), so factories never share a stream. */
export function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5
  for (const char of `${seed}:${name}`) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A faker for `locale` (falling back to English), seeded when a seed is given. */
export function createFaker(locale: string, seed?: number): Faker {
  const definitions = allLocales as Record<string, LocaleDefinition>
  const definition = definitions[locale]
  if (!definition) {
    throw new E_UNKNOWN_FACTORY_LOCALE(
      `Unknown faker locale "${locale}". Use a locale of @faker-js/faker, such as "en", "pt_BR" or "de"`
    )
  }
  const faker = new Faker({ locale: locale === 'en' ? [en, base] : [definition, en, base] })
  if (seed !== undefined) {
    faker.seed(seed)
    faker.setDefaultRefDate(seededRefDate)
  }
  return faker
}

/** What a session keeps per factory: its faker and the unique values handed out. */
export interface FactoryRun {
  faker: Faker
  uniques: Map<string, Set<unknown>>
  /** `ctx.unique` of every row of the run (one closure, not one a row). */
  unique?: FactoryContextContract['unique']
}

/** Settings of a session, fixed by the builder that starts it. */
export interface SessionOptions {
  isStubbed: boolean
  $trx?: TransactionClientContract
  /** Skip model hooks for every row of the session (`quietly()`). */
  quiet?: boolean
  /** The seed of `builder.seed(n)`, used by every factory of the session. */
  seed?: number
  /**
   * `$trx` is set only once the rows are written (a blueprint's `create()`
   * opens its transaction after planning): row contexts read it then.
   */
  lateTrx?: boolean
}

/** One `make()` / `create()` call, shared by the factories it involves. */
export class FactorySession {
  readonly runs = new Map<object, FactoryRun>()
  /** Models to reuse instead of creating parents of their class (`recycle()`). */
  readonly recycled = new Map<LucidModel, LucidRow[]>()
  /** Many-to-many rows waiting for every level to be written, per relation. */
  readonly pivots = new Map<ManyToMany, PendingPivot[]>()

  /** Factories whose definitions are being expanded (attribute factories), outermost first. */
  readonly #nesting: { name: string }[] = []

  /**
   * Runs `work` for a factory nested in another's definition (`userId:
   * UserFactory`); a factory reached again inside its own expansion would
   * recurse forever: `E_FACTORY_CYCLE` with the path.
   */
  async nest<T>(
    parent: { name: string },
    nested: { name: string },
    work: () => Promise<T>
  ): Promise<T> {
    if (this.#nesting.length === 0) this.#nesting.push(parent)
    if (this.#nesting.includes(nested)) {
      const path = [...this.#nesting.slice(this.#nesting.indexOf(nested)), nested]
      throw new E_FACTORY_CYCLE(
        `Factory definitions create each other in a cycle: ${path.map((step) => step.name).join(' -> ')}. ` +
          'Override one of the keys with merge() or pass an existing model'
      )
    }
    this.#nesting.push(nested)
    try {
      return await work()
    } finally {
      this.#nesting.pop()
      if (this.#nesting.length === 1) this.#nesting.pop()
    }
  }

  /** Adds models to reuse, by class. */
  recycle(models: LucidRow[]): void {
    for (const model of models) {
      const Model = model.constructor as LucidModel
      const list = this.recycled.get(Model)
      if (list) list.push(model)
      else this.recycled.set(Model, [model])
    }
  }

  /** A recycled model of that class, picked with `faker`, if any were given. */
  recycledFor(Related: LucidModel, faker: Faker): LucidRow | undefined {
    const list = this.recycled.get(Related)
    return list && list.length ? faker.helpers.arrayElement(list) : undefined
  }

  constructor(readonly options: SessionOptions) {}

  /** The run of a factory in this session, made on first use. */
  run(factory: object, makeFaker: (seed?: number) => Faker): FactoryRun {
    let run = this.runs.get(factory)
    if (!run) {
      run = { faker: makeFaker(this.options.seed), uniques: new Map() }
      this.runs.set(factory, run)
    }
    return run
  }
}

/** A stable key for a generated value, so `{}`-like values compare by content. */
function valueKey(value: unknown): unknown {
  if (value !== null && typeof value === 'object') return JSON.stringify(value)
  return value
}

/** `ctx.unique()`: retries `generate` until it yields a value this run did not hand out. */
function unique<T>(run: FactoryRun, generate: () => T, options: UniqueOptions = {}): T {
  const key = options.key ?? generate.toString()
  const maxRetries = options.maxRetries ?? 100
  let store = run.uniques.get(key)
  if (!store) run.uniques.set(key, (store = new Set()))
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const value = generate()
    const id = valueKey(value)
    if (!store.has(id)) {
      store.add(id)
      return value
    }
  }
  throw new E_FACTORY_UNIQUE_EXHAUSTED(
    `ctx.unique() found no new value after ${maxRetries} retries (${store.size} values handed out). ` +
      'Use a generator with more possible values, or raise { maxRetries }'
  )
}

/** The context of one row. */
export function rowContext(
  session: FactorySession,
  run: FactoryRun,
  index: number,
  sequence: number,
  faker?: Faker
): FactoryContextContract {
  const ctx: FactoryContextContract = {
    faker: faker ?? run.faker,
    isStubbed: session.options.isStubbed,
    $trx: session.options.$trx,
    index,
    sequence,
    unique: (run.unique ??= (generate, options) => unique(run, generate, options)),
  }
  if (session.options.lateTrx) {
    Object.defineProperty(ctx, '$trx', { get: () => session.options.$trx, enumerable: true })
  }
  return ctx
}
