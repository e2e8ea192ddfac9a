import { test } from '@japa/runner'
import { forcedSeed, seedFor } from '../../src/japa/seed.js'
import { isTransactionControl, writtenTable } from '../../src/japa/query_tracker.js'

test.group('Japa | faker seeds', () => {
  test('seedFor gives a stable positive integer per title', ({ assert }) => {
    assert.equal(seedFor('creates a user'), seedFor('creates a user'))
    assert.notEqual(seedFor('creates a user'), seedFor('creates a post'))
    assert.isTrue(Number.isSafeInteger(seedFor('')) && seedFor('x') >= 0)
  })

  test('--seed comes from Japa cli args, then process.argv', ({ assert }) => {
    assert.equal(forcedSeed({ seed: '12' }, []), 12)
    assert.equal(forcedSeed({}, ['node', 'bin/test.ts', '--seed=34']), 34)
    assert.isUndefined(forcedSeed({}, []))
    assert.throws(() => forcedSeed({ seed: 'abc' }, []), /--seed must be a non-negative integer/)
  })
})

test.group('Japa | touched tables', () => {
  test('reads the table of insert, update, delete and truncate statements', ({ assert }) => {
    assert.equal(writtenTable('insert into "users" ("email") values (?)'), 'users')
    assert.equal(writtenTable('insert ignore into `users` (`email`) values (?)'), 'users')
    assert.equal(writtenTable('update `app`.`posts` set `title` = ?'), 'posts')
    assert.equal(writtenTable('delete from "public"."users" where "id" = ?'), 'users')
    assert.equal(writtenTable('truncate "users" restart identity'), 'users')
    assert.isUndefined(writtenTable('select * from "users"'))
  })

  test('recognizes transaction control statements', ({ assert }) => {
    assert.isTrue(isTransactionControl('BEGIN;'))
    assert.isTrue(isTransactionControl('SAVEPOINT trx2'))
    assert.isTrue(isTransactionControl('ROLLBACK TO SAVEPOINT trx2'))
    assert.isFalse(isTransactionControl('select 1'))
  })
})
