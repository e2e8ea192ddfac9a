/**
 * `stratum/types/seeder`: the seeder types under Lucid's module name
 * (`@adonisjs/lucid/types/seeder`).
 */
import type { QueryClientContract } from './database.js'

export type { SeederFile, SeederFileNode } from './migrator.js'

/** A seeder class (what a seeder file default-exports): `BaseSeeder` and its subclasses. */
export interface SeederConstructorContract {
  /** Environments (NODE_ENV values) the seeder runs in; every one when unset. */
  environment?: string[]
  new (client: QueryClientContract): {
    client: QueryClientContract
    run(): Promise<void>
  }
}
