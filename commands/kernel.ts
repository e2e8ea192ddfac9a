/**
 * The ace kernel behind `stratum`: registers every command, the global
 * `--config` and `--help` flags, and an error handler that prints one plain
 * paragraph (never a stack trace) and sets exit code 1.
 */
import { ExceptionHandler, HelpCommand, Kernel, ListLoader } from '@adonisjs/ace'
import type { BaseCommand } from '@adonisjs/ace'
import { CliError, debugging, fullStack } from './helpers/cli_error.js'
import { stratumVersion } from './helpers/version.js'
import Init from './init.js'
import MakeModel from './make_model.js'
import MakeMigration from './make_migration.js'
import MakeFactory from './make_factory.js'
import MakeSeeder from './make_seeder.js'
import MigrationRun from './migration/run.js'
import MigrationRollback from './migration/rollback.js'
import MigrationReset from './migration/reset.js'
import MigrationRefresh from './migration/refresh.js'
import MigrationFresh from './migration/fresh.js'
import MigrationStatus from './migration/status.js'
import DbSeed from './db_seed.js'
import DbWipe from './db_wipe.js'
import DbTruncate from './db_truncate.js'

/** Every command of the CLI, in the order `stratum list` shows them. */
export const commands: (typeof BaseCommand)[] = [
  HelpCommand,
  Init,
  MakeModel,
  MakeMigration,
  MakeFactory,
  MakeSeeder,
  MigrationRun,
  MigrationRollback,
  MigrationReset,
  MigrationRefresh,
  MigrationFresh,
  MigrationStatus,
  DbSeed,
  DbWipe,
  DbTruncate,
]

/** Codes of ace's errors about the command line itself: their stack tells nothing. */
const INPUT_ERRORS = new Set([
  'E_COMMAND_NOT_FOUND',
  'E_UNKNOWN_FLAG',
  'E_MISSING_ARG',
  'E_INVALID_FLAG',
])

function isInputError(error: Error): boolean {
  return INPUT_ERRORS.has(String((error as { code?: unknown }).code))
}

/** Reports errors as one paragraph on stderr; `STRATUM_DEBUG=1` prints the stack instead. */
class CliExceptionHandler extends ExceptionHandler {
  debug = false

  async render(error: unknown, kernel: Kernel<any>): Promise<any> {
    // before the CliError case, which would print the message alone
    if (debugging() && error instanceof Error && !isInputError(error)) {
      this.logError({ message: fullStack(error) }, kernel)
      return
    }
    if (error instanceof CliError) {
      this.logError({ message: error.message }, kernel)
      return
    }
    const code = (error as { code?: unknown } | null)?.code
    if (code === 'E_COMMAND_NOT_FOUND') {
      const name = (error as { commandName?: string }).commandName ?? ''
      const suggestions = kernel.getCommandSuggestions(name)
      const hint = suggestions.length
        ? ` Did you mean ${suggestions.map((command) => `"${command}"`).join(' or ')}?`
        : ''
      this.logError(
        {
          message: `Command "${name}" is not defined.${hint} Run "stratum list" to see every command.`,
        },
        kernel
      )
      return
    }
    if (isInputError(error as Error)) {
      const message = (error as Error).message
      this.logError(
        { message: `${message}. Run "stratum <command> --help" for its flags.` },
        kernel
      )
      return
    }
    return super.render(error, kernel)
  }
}

/** Flags that take their value as the next argument. */
const VALUE_FLAGS = new Set(['--config', '-c', '--connection'])

const HELP_FLAGS = new Set(['--help', '-h'])

/**
 * `stratum --config x.ts migration:run` would read `x.ts` as the command
 * name: flags given before the command are moved after it. `stratum`,
 * `stratum --help` and `stratum help` show the overview (`list`);
 * `stratum help <command>` that command's help.
 */
export function normalizeArgv(argv: string[]): string[] {
  const leading: string[] = []
  let index = 0
  while (index < argv.length && argv[index].startsWith('-')) {
    const flag = argv[index]
    leading.push(flag)
    index++
    if (VALUE_FLAGS.has(flag) && index < argv.length) leading.push(argv[index++])
  }
  if (index >= argv.length) {
    // no command: ace would run `list` and answer --help with the help of `list`
    return argv.some((arg) => HELP_FLAGS.has(arg))
      ? ['list', ...argv.filter((arg) => !HELP_FLAGS.has(arg))]
      : argv
  }
  const rest = argv.slice(index + 1)
  if (argv[index] === 'help' && !rest.some((arg) => !arg.startsWith('-'))) {
    return ['list', ...rest, ...leading]
  }
  return [argv[index], ...rest, ...leading]
}

/** A kernel with every Stratum command registered. */
export function createKernel(): Kernel<typeof BaseCommand> {
  const kernel = Kernel.create()
  kernel.errorHandler = new CliExceptionHandler()
  kernel.addLoader(new ListLoader(commands))
  kernel.info.set('binary', 'stratum')
  kernel.defineFlag('help', {
    type: 'boolean',
    alias: 'h',
    description: 'View help for a given command',
  })
  kernel.defineFlag('version', {
    type: 'boolean',
    alias: 'v',
    description: 'Display the version of stratum',
  })
  kernel.on('version', async ($command, $kernel) => {
    $kernel.ui.logger.log(stratumVersion())
    return $kernel.shortcircuit()
  })
  kernel.on('help', async (command, $kernel, parsed) => {
    parsed.args.unshift(command.commandName)
    const help = new HelpCommand($kernel, parsed, $kernel.ui, $kernel.prompt)
    await help.exec()
    return $kernel.shortcircuit()
  })
  return kernel
}
