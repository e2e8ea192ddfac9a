import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { BaseCommand } from '@adonisjs/ace'
import type { ParsedOutput } from '@adonisjs/ace/types'
import { refuseExtraArguments } from './base_command.js'
import { FACTORIES_DIR, writeGenerated } from './helpers/generator.js'
import { shortMessage } from './helpers/cli_error.js'
import {
  packageJsonProblem,
  readCompilerOptions,
  tsconfigProblems,
  tsconfigTemplate,
} from './helpers/tsconfig.js'
import { configStub } from './stubs/config.js'

/** Folders `init` creates, relative to the project root. */
const FOLDERS = ['database/migrations', 'database/seeders', FACTORIES_DIR]

/**
 * `stratum init`: the config, the database folders and a tsconfig when
 * missing, then what the project's tsconfig and package.json lack. Never
 * overwrites a file, so it can run again at any time.
 */
export default class Init extends BaseCommand {
  static commandName = 'init'
  static description = 'Set up Stratum in this project (config, database folders, tsconfig check)'

  static validate(parsed: ParsedOutput): void {
    super.validate(parsed)
    refuseExtraArguments(this, parsed)
  }

  async run() {
    const root = process.cwd()
    await this.#writeConfig(root)
    for (const folder of FOLDERS) await this.#makeFolder(root, folder)
    const tsconfig = join(root, 'tsconfig.json')
    if (!existsSync(tsconfig)) {
      await writeGenerated(this, root, tsconfig, tsconfigTemplate(root))
    } else {
      this.#checkTsconfig(tsconfig)
    }
    const packageProblem = packageJsonProblem(root)
    if (packageProblem) this.logger.warning(packageProblem)
    this.logger.log('')
    this.logger.log('Next: npx stratum make:model Post -m, then npx stratum migration:run')
  }

  async #writeConfig(root: string) {
    if (existsSync(join(root, 'stratum.config.js'))) {
      this.logger
        .action('create stratum.config.ts')
        .skipped('stratum.config.js exists, kept as it is')
      return
    }
    await writeGenerated(this, root, join(root, 'stratum.config.ts'), configStub(), 'kept as it is')
  }

  async #makeFolder(root: string, folder: string) {
    const action = this.logger.action(`create ${folder}`)
    if (existsSync(join(root, folder))) {
      action.skipped('Folder already exists')
      return
    }
    await mkdir(join(root, folder), { recursive: true })
    action.succeeded()
  }

  #checkTsconfig(file: string) {
    const unread: string[] = []
    let problems: string[]
    try {
      problems = tsconfigProblems(readCompilerOptions(file, unread))
    } catch (error) {
      this.logger.warning(`tsconfig.json could not be read: ${shortMessage(error, 1)}`)
      return
    }
    if (!problems.length) {
      this.logger.action('check tsconfig.json').succeeded()
      return
    }
    for (const problem of problems) this.logger.warning(`tsconfig.json: ${problem}`)
    if (unread.length) {
      this.logger.warning(
        `tsconfig.json extends ${unread.join(', ')}, which could not be read: if it sets ` +
          'these options, ignore the lines above'
      )
    }
  }
}
