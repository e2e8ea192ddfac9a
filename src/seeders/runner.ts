import type { Database } from '../database/database.js'
import { loadDefaultClass, sourceFiles } from '../migration/source.js'
import type { QueryClientContract } from '../types/database.js'
import type { SeederFile, SeederFileNode } from '../types/migrator.js'
import type { BaseSeeder } from './base_seeder.js'

/** Spellings of the same environment, so `testing` matches `NODE_ENV=test`. */
const aliases: Record<string, string> = {
  test: 'test',
  testing: 'test',
  dev: 'development',
  develop: 'development',
  development: 'development',
  prod: 'production',
  production: 'production',
}

function normalize(environment: string) {
  const lower = environment.toLowerCase()
  return aliases[lower] ?? lower
}

/**
 * Finds and runs seeder files on one connection. Prints nothing: each run
 * returns a node saying whether the file completed, failed or was ignored.
 *
 * @example
 * const runner = new SeedsRunner(db)
 * for (const file of await runner.getList()) console.log((await runner.run(file)).status)
 */
export class SeedsRunner {
  readonly connectionName: string
  /** Environment matched against each seeder's `environment`. */
  readonly environment: string
  #client: QueryClientContract
  #paths: string[]
  #cwd: string

  constructor(
    db: Database,
    connectionName?: string,
    options: { cwd?: string; environment?: string } = {}
  ) {
    this.connectionName = connectionName ?? db.primaryConnectionName
    this.#client = db.connection(this.connectionName)
    this.#paths = db.getRawConnection(this.connectionName)?.config.seeders?.paths ?? [
      './database/seeders',
    ]
    this.#cwd = options.cwd ?? process.cwd()
    this.environment = options.environment ?? process.env.NODE_ENV ?? 'development'
  }

  /** The seeder files under `seeders.paths`, sorted by name. */
  getList(): Promise<SeederFile[]> {
    return sourceFiles(this.#cwd, this.#paths, false, {
      kind: 'seeders',
      connectionName: this.connectionName,
    })
  }

  /** Runs one seeder file; a failure is reported in the node, not thrown. */
  async run(file: SeederFile): Promise<SeederFileNode> {
    const node: SeederFileNode = { file, status: 'pending' }
    try {
      const Seeder = await loadDefaultClass<typeof BaseSeeder>(file, 'BaseSeeder')
      const allowed = Seeder.environment
      if (allowed && !allowed.map(normalize).includes(normalize(this.environment))) {
        node.status = 'ignored'
        return node
      }
      await new Seeder(this.#client).run()
      node.status = 'completed'
    } catch (error) {
      node.status = 'failed'
      node.error = error
    }
    return node
  }
}
