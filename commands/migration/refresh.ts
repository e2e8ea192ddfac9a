import { StratumCommand } from '../base_command.js'

/** `migration:refresh [--seed]`: migration:reset, then migration:run, then db:seed. */
export default class MigrationRefresh extends StratumCommand {
  static commandName = 'migration:refresh'
  static description = 'Rollback and migrate database'

  declare force?: boolean
  declare dryRun?: boolean
  declare seed?: boolean
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
    this.defineFlag('seed', { type: 'boolean', description: 'Run seeders' })
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
    if (!this.dryRun) this.assertCanRunInProduction(this.force, 'roll back and re-run migrations')
    const shared: string[] = []
    if (this.force) shared.push('--force')
    if (this.dryRun) shared.push('--dry-run')
    if (this.disableLocks) shared.push('--disable-locks')
    if (this.compactOutput) shared.push('--compact-output')
    for (const name of ['migration:reset', 'migration:run']) {
      const command = await this.kernel.exec(name, this.forwardedArgs(shared))
      if (command.exitCode) {
        this.exitCode = command.exitCode
        return
      }
    }
    if (this.seed && !this.dryRun) {
      const seed = await this.kernel.exec(
        'db:seed',
        this.forwardedArgs(this.compactOutput ? ['--compact-output'] : [])
      )
      if (seed.exitCode) this.exitCode = seed.exitCode
    }
  }
}
