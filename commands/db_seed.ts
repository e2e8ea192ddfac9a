import { SeedsRunner } from '../src/seeders/main.js'
import type { SeederFile, SeederFileNode } from '../src/seeders/main.js'
import { selectSeederFiles } from '../src/seeders/select.js'
import { StratumCommand } from './base_command.js'
import { CliError, fileFailure } from './helpers/cli_error.js'

/** `db:seed [--files ...] [--interactive]`: runs seeders one after the other. */
export default class DbSeed extends StratumCommand {
  static commandName = 'db:seed'
  static description = 'Execute database seeders'

  declare interactive?: boolean
  declare files?: string[]
  declare compactOutput?: boolean

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
    this.defineFlag('compactOutput', {
      type: 'boolean',
      description: 'A compact single-line output',
    })
  }

  async run() {
    // a prompt on a closed or piped stdin never answers: the process would end with no word
    if (this.interactive && !this.files?.length && !process.stdin.isTTY) {
      throw new CliError(
        'db:seed --interactive needs a terminal to pick the seeders in. ' +
          'Name them with --files instead (db:seed --files=user_seeder)'
      )
    }
    await this.withDatabase(async ({ db, connectionName }) => {
      const runner = new SeedsRunner(db, connectionName, { cwd: this.root })
      const available = await runner.getList()
      const selected = await this.#select(available)
      if (!selected.length) {
        this.logger.info('No seeders to run')
        return
      }
      const nodes: SeederFileNode[] = []
      for (const file of selected) {
        const node = await runner.run(file)
        nodes.push(node)
        if (!this.compactOutput) this.#print(node)
        if (node.status === 'failed') this.exitCode = 1
      }
      if (this.compactOutput) this.#printCompact(nodes)
    })
  }

  /** `--compact-output`: one line of counts (Lucid's), and the first failure's message. */
  #printCompact(nodes: SeederFileNode[]) {
    const count = (status: SeederFileNode['status']) =>
      nodes.filter((node) => node.status === status).length
    const failed = count('failed')
    let message = `❯ Executed ${count('completed')} seeders`
    if (failed) message += `, ${failed} failed`
    if (count('ignored')) message += `, ${count('ignored')} ignored`
    this.logger.log(failed ? this.colors.red(message) : this.colors.grey(message))
    const first = nodes.find((node) => node.status === 'failed')
    if (first) {
      const where = this.colors.grey(`${first.file.name}:`)
      this.logger.log(`${where} ${this.colors.red(fileFailure(first.error, first.file))}`)
    }
  }

  /** The files to run: all, those named by `--files` (names or paths), or those picked. */
  async #select(available: SeederFile[]): Promise<SeederFile[]> {
    if (this.files?.length) return selectSeederFiles(available, this.files)
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
