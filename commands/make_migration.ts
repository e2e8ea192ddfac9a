import { StratumCommand } from './base_command.js'
import { CliError } from './helpers/cli_error.js'
import { tableNameOf, writeGenerated } from './helpers/generator.js'
import { migrationStub } from './stubs/migration.js'
import { join } from 'node:path'

/** `make:migration users [--create=table | --alter=table]`: a timestamped schema file. */
export default class MakeMigration extends StratumCommand {
  static commandName = 'make:migration'
  static description = 'Make a new migration file'

  declare name: string
  declare create?: string
  declare alter?: string

  static {
    this.defineArgument('name', { type: 'string', description: 'Name of the migration file' })
    this.defineFlag('create', {
      type: 'string',
      description: 'Create a table (the default action); its name defaults to the plural of name',
    })
    this.defineFlag('alter', { type: 'string', description: 'Alter an existing table' })
  }

  async run() {
    if (this.create !== undefined && this.alter !== undefined) {
      throw new CliError('make:migration takes --create or --alter, not both.')
    }
    const action = this.alter !== undefined ? 'alter' : 'create'
    const given = action === 'alter' ? this.alter : this.create
    const tableName = given || tableNameOf(this.name)
    const { migrations } = await this.projectDirs()
    const file = join(this.root, migrations, `${Date.now()}_${action}_${tableName}_table.ts`)
    await writeGenerated(this, this.root, file, migrationStub({ tableName, action }))
  }
}
