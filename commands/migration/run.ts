import { MigrationsBase } from './base.js'

/** `migration:run`: runs the pending migrations of a connection. */
export default class MigrationRun extends MigrationsBase {
  static commandName = 'migration:run'
  static description = 'Migrate database by running pending migrations'

  declare force?: boolean
  declare dryRun?: boolean
  declare compactOutput?: boolean
  declare disableLocks?: boolean

  static {
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force to run migrations in production',
    })
    this.defineFlag('dryRun', {
      type: 'boolean',
      description: 'Do not run actual queries. Instead view the SQL output',
    })
    this.defineFlag('compactOutput', {
      type: 'boolean',
      description: 'Display a single line summary instead of a line per file',
    })
    this.defineFlag('disableLocks', {
      type: 'boolean',
      description: 'Disable locks acquired to run migrations safely',
    })
  }

  async run() {
    if (!this.dryRun) this.assertCanRunInProduction(this.force, 'run migrations')
    await this.withDatabase(({ db, connectionName }) =>
      this.runMigrations(db, connectionName, {
        direction: 'up',
        dryRun: this.dryRun,
        disableLocks: this.disableLocks,
        compactOutput: this.compactOutput,
      })
    )
  }
}
