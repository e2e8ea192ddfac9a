import { test } from '@japa/runner'
import { createCliProject, type CliProject } from '../helpers/cli_project.js'

/** Help as ace prints it: the overview on --help and help, one command's help on request. */
test.group('stratum help', (group) => {
  let project: CliProject
  group.each.setup(async () => {
    project = await createCliProject({ config: false })
    return () => project.cleanup()
  })
  group.each.timeout(60_000)

  test('--help, -h, help and no arguments print the overview', async ({ assert }) => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const result = await project.run(args)
      assert.equal(result.exitCode, 0, `${args.join(' ')}: ${result.output}`)
      assert.include(result.stdout, 'Available commands:', args.join(' '))
      assert.include(result.stdout, 'migration:run', args.join(' '))
      assert.include(result.stdout, 'init', args.join(' '))
      assert.match(result.stdout, /-v, --version\s+Display the version of stratum/, args.join(' '))
      assert.notInclude(result.stdout, 'View list of available commands\n\nUsage:')
    }
  })

  test('help <command> and <command> --help print that command with --config', async ({
    assert,
  }) => {
    for (const args of [
      ['help', 'migration:run'],
      ['migration:run', '--help'],
    ]) {
      const result = await project.run(args)
      assert.equal(result.exitCode, 0, result.output)
      assert.include(result.stdout, 'stratum migration:run [options]')
      assert.include(result.stdout, '--config[=CONFIG]')
      assert.include(result.stdout, '-c, --connection[=CONNECTION]')
      assert.include(result.stdout, '--dry-run')
    }
    const pivot = await project.run(['make:migration', '--help'])
    assert.include(pivot.stdout, '--pivot')
    const unknown = await project.run(['help', 'migration:rn'])
    assert.equal(unknown.exitCode, 1)
    assert.include(unknown.output, 'migration:run')
  })

  test('--version and -v print the version, alone or after a command', async ({ assert }) => {
    for (const args of [['--version'], ['-v'], ['list', '--version']]) {
      const result = await project.run(args)
      assert.equal(result.exitCode, 0, result.output)
      assert.match(result.stdout.trim(), /^\d+\.\d+\.\d+$/, args.join(' '))
    }
  })
})
