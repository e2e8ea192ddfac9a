import type { QueryClientContract } from '../types/database.js'

/**
 * Base class of a seeder file: `run()` writes the rows, through `this.client`
 * or models.
 *
 * @example
 * export default class extends BaseSeeder {
 *   static environment = ['development', 'testing']
 *   async run() { await User.createMany([{ email: 'a@b.c' }]) }
 * }
 */
export class BaseSeeder {
  /** Environments (NODE_ENV values) the seeder runs in; every one when unset. */
  static environment?: string[]

  constructor(
    /** Query client of the connection being seeded. */
    public client: QueryClientContract
  ) {}

  /** Writes the seed rows. */
  async run(): Promise<void> {}
}
