import { MigrationsBase } from './base.js'

/** `migration:reset`: rolls back every batch (Lucid: rollback with `--batch=0`). */
export default class MigrationReset extends MigrationsBase {
  static commandName = 'migration:reset'
  static description = 'Rollback all migrations'

  declare force?: boolean
  declare dryRun?: boolean
  declare disableLocks?: boolean
  declare compactOutput?: boolean

  static {
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force command to run in production',
    })
    this.defineFlag('dryRun', {
      type: 'boolean',
      description: 'Do not run actual queries. Instead view the SQL output',
    })
    this.defineFlag('disableLocks', {
      type: 'boolean',
      description: 'Disable locks acquired to run migrations safely',
    })
    this.defineFlag('compactOutput', {
      type: 'boolean',
      description: 'A compact single-line output',
    })
  }

  async run() {
    if (!this.dryRun) this.assertCanRunInProduction(this.force, 'roll back every migration')
    await this.withDatabase(({ db, connectionName }) =>
      this.runMigrations(db, connectionName, {
        direction: 'down',
        batch: 0,
        dryRun: this.dryRun,
        disableLocks: this.disableLocks,
        compactOutput: this.compactOutput,
      })
    )
  }
}
