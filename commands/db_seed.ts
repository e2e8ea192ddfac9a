import { extname } from 'node:path'
import { SeedsRunner } from '../src/seeders/main.js'
import type { SeederFile, SeederFileNode } from '../src/seeders/main.js'
import { StratumCommand } from './base_command.js'
import { CliError, fileFailure } from './helpers/cli_error.js'

/** `db:seed [--files ...] [--interactive]`: runs seeders one after the other. */
export default class DbSeed extends StratumCommand {
  static commandName = 'db:seed'
  static description = 'Execute database seeders'

  declare interactive?: boolean
  declare files?: string[]

  static {
    this.defineFlag('interactive', {
      type: 'boolean',
      alias: 'i',
      description: 'Run seeders in interactive mode',
    })
    this.defineFlag('files', {
      type: 'array',
      alias: 'f',
      description: 'Define a custom set of seeders files names to run',
    })
  }

  async run() {
    await this.withDatabase(async ({ db, connectionName }) => {
      const runner = new SeedsRunner(db, connectionName, { cwd: this.root })
      const available = await runner.getList()
      const selected = await this.#select(available)
      if (!selected.length) {
        this.logger.info('No seeders to run')
        return
      }
      for (const file of selected) {
        const node = await runner.run(file)
        this.#print(node)
        if (node.status === 'failed') this.exitCode = 1
      }
    })
  }

  /** The files to run: all, those named by `--files` (names or paths), or those picked. */
  async #select(available: SeederFile[]): Promise<SeederFile[]> {
    if (this.files?.length) {
      const wanted = this.files
        .flatMap((file) => file.split(','))
        .map((file) => file.trim().replace(/^\.[\\/]/, ''))
        .filter(Boolean)
        .map((file) => (extname(file) ? file.slice(0, -extname(file).length) : file))
      const missing = wanted.filter((name) => !available.some((file) => file.name === name))
      if (missing.length) {
        throw new CliError(
          `Unknown seeder file ${missing.join(', ')} (given with --files). Available: ` +
            `${available.map((file) => file.name).join(', ') || 'none'}.`
        )
      }
      return available.filter((file) => wanted.includes(file.name))
    }
    if (this.interactive && available.length) {
      const names = await this.prompt.multiple(
        'Select files to run',
        available.map((file) => file.name)
      )
      return available.filter((file) => names.includes(file.name))
    }
    return available
  }

  #print(node: SeederFileNode) {
    const colors = this.colors
    switch (node.status) {
      case 'completed':
        this.logger.log(`${colors.green('❯')} ${colors.green('completed')} ${node.file.name}`)
        break
      case 'ignored':
        this.logger.log(`${colors.dim('❯')} ${colors.dim('ignored  ')} ${node.file.name}`)
        this.logger.log(`  ${colors.dim('Not enabled in this environment')}`)
        break
      case 'failed':
        this.logger.log(`${colors.red('❯')} ${colors.red('error    ')} ${node.file.name}`)
        this.logger.log(colors.red(fileFailure(node.error, node.file).replace(/^/gm, '  ')))
        break
      default:
        this.logger.log(`${colors.grey('❯')} ${colors.grey('pending  ')} ${node.file.name}`)
    }
  }
}
