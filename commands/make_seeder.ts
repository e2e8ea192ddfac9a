import { join } from 'node:path'
import { snakeCase } from 'change-case'
import pluralize from 'pluralize'
import { StratumCommand } from './base_command.js'
import { entityOf, withoutSuffix, writeGenerated } from './helpers/generator.js'
import { seederStub } from './stubs/seeder.js'

/** `make:seeder User`: `database/seeders/user_seeder.ts`. */
export default class MakeSeeder extends StratumCommand {
  static commandName = 'make:seeder'
  static description = 'Make a new Seeder file'

  declare name: string

  static {
    this.defineArgument('name', { type: 'string', description: 'Name of the seeder class' })
  }

  async run() {
    const { dir, name } = entityOf(this.name)
    // Lucid's seederName: no `seeder`/`model` suffix, singular (`users` -> user_seeder)
    const base = snakeCase(
      pluralize.singular(withoutSuffix(withoutSuffix(name, 'seeder'), 'model'))
    )
    const { seeders } = await this.projectDirs()
    await writeGenerated(
      this,
      this.root,
      join(this.root, seeders, dir, `${base}_seeder.ts`),
      seederStub()
    )
  }
}
