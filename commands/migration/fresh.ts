import { StratumCommand } from '../base_command.js'

/** `migration:fresh [--seed]`: db:wipe (tables, and views/types when asked), migration:run, db:seed. */
export default class MigrationFresh extends StratumCommand {
  static commandName = 'migration:fresh'
  static description = 'Drop all tables and re-migrate the database'

  declare force?: boolean
  declare seed?: boolean
  declare dropViews?: boolean
  declare dropTypes?: boolean
  declare dropDomains?: boolean
  declare disableLocks?: boolean

  static {
    this.defineFlag('force', {
      type: 'boolean',
      description: 'Explicitly force command to run in production',
    })
    this.defineFlag('seed', { type: 'boolean', description: 'Run seeders' })
    this.defineFlag('dropViews', { type: 'boolean', description: 'Drop all views' })
    this.defineFlag('dropTypes', {
      type: 'boolean',
      description: 'Drop all custom types: enum, composite and domain (PostgreSQL only)',
    })
    this.defineFlag('dropDomains', {
      type: 'boolean',
      description: 'Drop all domains (PostgreSQL only)',
    })
    this.defineFlag('disableLocks', {
      type: 'boolean',
      description: 'Disable locks acquired to run migrations safely',
    })
  }

  async run() {
    this.assertCanRunInProduction(this.force, 'drop every table and re-run migrations')
    const wipeArgs = this.force ? ['--force'] : []
    if (this.dropViews) wipeArgs.push('--drop-views')
    if (this.dropTypes) wipeArgs.push('--drop-types')
    if (this.dropDomains) wipeArgs.push('--drop-domains')
    const wipe = await this.kernel.exec('db:wipe', this.forwardedArgs(wipeArgs))
    if (wipe.exitCode) {
      this.exitCode = wipe.exitCode
      return
    }
    const runArgs = this.force ? ['--force'] : []
    if (this.disableLocks) runArgs.push('--disable-locks')
    const migrate = await this.kernel.exec('migration:run', this.forwardedArgs(runArgs))
    if (migrate.exitCode) {
      this.exitCode = migrate.exitCode
      return
    }
    if (this.seed) {
      const seed = await this.kernel.exec('db:seed', this.forwardedArgs())
      if (seed.exitCode) this.exitCode = seed.exitCode
    }
  }
}
