import { test } from '@japa/runner'
import { E_UNKNOWN_SEEDER_FILE } from '../../src/errors.js'
import { selectSeederFiles } from '../../src/seeders/select.js'
import type { SeederFile } from '../../src/seeders/main.js'

const file = (name: string): SeederFile => ({
  name,
  filePath: `${name}.ts`,
  absPath: `/app/${name}.ts`,
})

const available = [
  file('database/seeders/admin/role_seeder'),
  file('database/seeders/post_seeder'),
  file('database/seeders/user_seeder'),
]

test.group('selectSeederFiles', () => {
  test('takes names, paths and the end of a name, in file order', ({ assert }) => {
    const picked = (wanted: string[]) =>
      selectSeederFiles(available, wanted).map((seeder) => seeder.name)
    assert.deepEqual(picked(['user_seeder']), ['database/seeders/user_seeder'])
    assert.deepEqual(picked(['./database/seeders/user_seeder.ts', 'admin/role_seeder']), [
      'database/seeders/admin/role_seeder',
      'database/seeders/user_seeder',
    ])
    assert.deepEqual(picked(['database/seeders/post_seeder,role_seeder']), [
      'database/seeders/admin/role_seeder',
      'database/seeders/post_seeder',
    ])
    assert.deepEqual(picked(['/app/database/seeders/post_seeder.ts']), [
      'database/seeders/post_seeder',
    ])
  })

  test('a name no file has is E_UNKNOWN_SEEDER_FILE, listing the files', ({ assert }) => {
    assert.throws(
      () => selectSeederFiles(available, ['user_seeder', 'usr_seeder']),
      'Unknown seeder file usr_seeder. Available: database/seeders/admin/role_seeder, ' +
        'database/seeders/post_seeder, database/seeders/user_seeder.'
    )
    try {
      selectSeederFiles(available, ['seeder'])
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, E_UNKNOWN_SEEDER_FILE)
    }
  })
})
