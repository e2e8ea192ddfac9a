import { join } from 'node:path'
import { snakeCase } from 'change-case'
import { StratumCommand } from './base_command.js'
import { writeGenerated } from './helpers/generator.js'
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
    const base = snakeCase(this.name.replace(/\.(ts|js)$/, '')).replace(/_?seeder$/, '')
    const { seeders } = await this.projectDirs()
    await writeGenerated(
      this,
      this.root,
      join(this.root, seeders, `${base}_seeder.ts`),
      seederStub()
    )
  }
}
