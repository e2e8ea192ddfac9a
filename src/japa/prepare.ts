/**
 * What runs once before the tests: pending migrations, then seeders. Both
 * modules are imported on demand, so the plugin works without them.
 */
import type { Database } from '../database/database.js'

/** `migrate` option: `true`, or where `migrations.paths` are resolved from. */
export type MigrateOption = boolean | { cwd?: string }

/** `seed` option: `true`, or the seeders runner's options and an optional list of file names. */
export type SeedOption = boolean | { cwd?: string; environment?: string; files?: string[] }

/** Runs the pending migrations of a connection; throws the migrator's error. */
export async function migrate(db: Database, connectionName: string, option: MigrateOption) {
  const { Migrator } = await import('../migration/main.js')
  const cwd = typeof option === 'object' ? option.cwd : undefined
  const migrator = new Migrator(db, { direction: 'up', connectionName, cwd })
  try {
    await migrator.run()
  } finally {
    await migrator.close()
  }
  if (migrator.status === 'error') {
    throw new Error(`[stratum] migrations failed: ${migrator.error?.message}`, {
      cause: migrator.error,
    })
  }
}

/** Runs the seeder files of a connection (all, or those named in `files`); throws on a failure. */
export async function seed(db: Database, connectionName: string, option: SeedOption) {
  const { SeedsRunner } = await import('../seeders/main.js')
  const settings = typeof option === 'object' ? option : {}
  const runner = new SeedsRunner(db, connectionName, settings)
  const { selectSeederFiles } = await import('../seeders/select.js')
  const available = await runner.getList()
  const files = settings.files ? selectSeederFiles(available, settings.files) : available
  for (const file of files) {
    const result = await runner.run(file)
    if (result.status === 'failed') {
      const reason = result.error instanceof Error ? result.error.message : String(result.error)
      throw new Error(`[stratum] seeder ${file.name} failed: ${reason}`, { cause: result.error })
    }
  }
}
