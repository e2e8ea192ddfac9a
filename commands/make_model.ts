import { join } from 'node:path'
import { StratumCommand } from './base_command.js'
import { MODELS_DIR, inProject, modelNames, writeGenerated } from './helpers/generator.js'
import { makeFactoryFile } from './make_factory.js'
import { migrationStub } from './stubs/migration.js'
import { modelStub } from './stubs/model.js'

/** `make:model User [-m] [-f]`: the model, and optionally its migration and factory. */
export default class MakeModel extends StratumCommand {
  static commandName = 'make:model'
  static description = 'Make a new Stratum model'

  declare name: string
  declare migration?: boolean
  declare factory?: boolean

  static {
    this.defineArgument('name', { type: 'string', description: 'Name of the model class' })
    this.defineFlag('migration', {
      type: 'boolean',
      alias: 'm',
      description: 'Generate the migration for the model',
    })
    this.defineFlag('factory', {
      type: 'boolean',
      alias: 'f',
      description: 'Generate the factory for the model',
    })
  }

  async run() {
    const names = modelNames(this.name)
    const { migrations } = await this.projectDirs()
    await writeGenerated(
      this,
      this.root,
      inProject(this.root, join(MODELS_DIR, names.dir), `${names.fileName}.ts`),
      modelStub({ className: names.className, connection: this.connection })
    )
    if (this.migration) {
      const file = join(
        this.root,
        migrations,
        names.dir,
        `${Date.now()}_create_${names.tableName}_table.ts`
      )
      await writeGenerated(
        this,
        this.root,
        file,
        migrationStub({ tableName: names.tableName, action: 'create' })
      )
    }
    if (this.factory) await makeFactoryFile(this, this.root, this.name)
  }
}
