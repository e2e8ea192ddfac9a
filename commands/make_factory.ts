import { join } from 'node:path'
import { StratumCommand } from './base_command.js'
import {
  FACTORIES_DIR,
  MODELS_DIR,
  importPath,
  inProject,
  modelNames,
  withoutSuffix,
  writeGenerated,
} from './helpers/generator.js'
import { factoryStub } from './stubs/factory.js'

/** `make:factory User`: `database/factories/user_factory.ts` for `app/models/user.ts`. */
export default class MakeFactory extends StratumCommand {
  static commandName = 'make:factory'
  static description = 'Make a new factory'

  declare model: string

  static {
    this.defineArgument('model', {
      type: 'string',
      description: 'Name of the model the factory builds',
    })
  }

  async run() {
    await this.projectDirs()
    await makeFactoryFile(this, this.root, this.model)
  }
}

/** Writes the factory of a model (shared with `make:model -f`). */
export async function makeFactoryFile(command: StratumCommand, cwd: string, model: string) {
  // Lucid's factoryName: `make:factory PostFactory` is the factory of Post
  const names = modelNames(withoutSuffix(model, 'factory'))
  const file = inProject(cwd, join(FACTORIES_DIR, names.dir), `${names.factoryFileName}.ts`)
  const modelFile = inProject(cwd, join(MODELS_DIR, names.dir), `${names.fileName}.ts`)
  const contents = factoryStub({
    className: names.className,
    factoryName: names.factoryName,
    modelImport: importPath(file, modelFile),
  })
  await writeGenerated(command, cwd, file, contents)
}
