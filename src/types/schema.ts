/**
 * `stratum/types/schema`: the schema types under Lucid's module name
 * (`@adonisjs/lucid/types/schema`).
 */
import type { QueryClientContract } from './database.js'

/** A `this.defer(callback)` action of a migration: runs in order with the schema statements. */
export type DeferCallback = (client: QueryClientContract) => void | Promise<void>
