import { StratumCommand } from './base_command.js'
import { CliError } from './helpers/cli_error.js'
import { entityOf, tableNameOf, writeGenerated } from './helpers/generator.js'
import { pivotModels, pivotTable } from './helpers/pivot.js'
import { migrationStub, pivotMigrationStub } from './stubs/migration.js'
import { join } from 'node:path'

/**
 * `make:migration users [--create=table | --alter=table]`: a timestamped
 * schema file. `make:migration Post,Tag --pivot`: the pivot table of a
 * many-to-many, named as the default naming strategy names it (`post_tag`).
 */
export default class MakeMigration extends StratumCommand {
  static commandName = 'make:migration'
  static description = 'Make a new migration file'

  declare name: string
  declare create?: string
  declare alter?: string
  declare pivot?: boolean
  declare folder?: string

  static {
    this.defineArgument('name', { type: 'string', description: 'Name of the migration file' })
    // bare `--create` / `--alter` (Lucid's booleans) take the table named after the file
    this.defineFlag('create', {
      type: 'string',
      allowEmptyValue: true,
      description: 'Create a table (the default action); its name defaults to the plural of name',
    })
    this.defineFlag('alter', {
      type: 'string',
      allowEmptyValue: true,
      description: 'Alter an existing table; its name defaults to the plural of name',
    })
    this.defineFlag('folder', {
      type: 'string',
      description: 'The migrations folder to write in, when the config lists several',
    })
    this.defineFlag('pivot', {
      type: 'boolean',
      description:
        'Create the pivot table of a many-to-many; name is the two models: Post,Tag (-> post_tag)',
    })
  }

  async run() {
    if (this.create !== undefined && this.alter !== undefined) {
      throw new CliError('make:migration takes --create or --alter, not both.')
    }
    if (this.pivot && this.alter !== undefined) {
      throw new CliError('make:migration --pivot creates a table: it does not take --alter.')
    }
    const action = this.alter !== undefined ? 'alter' : 'create'
    const given = action === 'alter' ? this.alter : this.create
    const pivot = this.pivot ? pivotTable(pivotModels(this.name)) : undefined
    const entity = entityOf(this.name)
    const tableName = given || pivot?.tableName || tableNameOf(entity.name)
    const { migrations, migrationPaths } = await this.projectDirs()
    const folder = this.folder === undefined ? migrations : this.#folder(migrationPaths)
    const file = join(
      this.root,
      folder,
      entity.dir,
      `${Date.now()}_${action}_${tableName}_table.ts`
    )
    const contents = pivot
      ? pivotMigrationStub(tableName, pivot.sides)
      : migrationStub({ tableName, action })
    await writeGenerated(this, this.root, file, contents)
  }

  /** `--folder`: one of the config's migration paths (`./` and trailing slashes ignored). */
  #folder(paths: string[]): string {
    const clean = (path: string) => path.replace(/^\.[\\/]/, '').replace(/[\\/]+$/, '')
    const found = paths.find((path) => clean(path) === clean(this.folder!))
    if (found === undefined) {
      throw new CliError(
        `--folder "${this.folder}" is not a migrations path of this connection. ` +
          `Use one of: ${paths.join(', ')}`
      )
    }
    return found
  }
}
