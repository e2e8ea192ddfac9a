import { Migrator } from '../../src/migration/main.js'
import type { MigrationListNode } from '../../src/migration/main.js'
import { StratumCommand } from '../base_command.js'

/** `migration:status`: a table of every migration with its status and batch. */
export default class MigrationStatus extends StratumCommand {
  static commandName = 'migration:status'
  static description = 'View migrations status'

  async run() {
    await this.withDatabase(async ({ db, connectionName }) => {
      const migrator = new Migrator(db, { direction: 'up', connectionName, cwd: this.root })
      try {
        const list = await migrator.getList()
        const head = ['Name', 'Status', 'Batch', 'Message']
        const rows = list.map((node) => [
          node.name,
          node.status,
          node.batch ? String(node.batch) : 'NA',
          node.status === 'corrupt' ? 'The migration file is missing on filesystem' : '',
        ])
        if (!process.stdout.isTTY || process.env.NO_COLOR) return this.#printPlain(head, rows)
        const table = this.ui.table()
        table.head(head)
        for (const row of rows) {
          table.row([row[0], this.#colorize(row[1] as MigrationListNode['status']), row[2], row[3]])
        }
        table.render()
      } finally {
        await migrator.close()
      }
    })
  }

  /** Aligned columns without box drawing, for pipes, CI logs and NO_COLOR. */
  #printPlain(head: string[], rows: string[][]) {
    const widths = head.map((title, index) =>
      Math.max(title.length, ...rows.map((row) => row[index].length))
    )
    for (const row of [head, ...rows]) {
      this.logger.log(
        row
          .map((cell, index) => cell.padEnd(widths[index]))
          .join('  ')
          .trimEnd()
      )
    }
  }

  #colorize(status: MigrationListNode['status']): string {
    switch (status) {
      case 'migrated':
        return this.colors.green('migrated')
      case 'corrupt':
        return this.colors.red('corrupt')
      default:
        return this.colors.yellow('pending')
    }
  }
}
