import { test } from '@japa/runner'
import { errors } from '../../src/index.js'
import { Sequence } from '../../src/factories/main.js'
import type { FactoryContextContract } from '../../src/types/factory.js'

const ctx = {} as FactoryContextContract

test.group('Sequence', () => {
  test('hands out its entries in turn and starts over', ({ assert }) => {
    const sequence = new Sequence({ a: 1 }, { a: 2 })
    assert.deepEqual(
      [0, 1, 2].map((index) => sequence.resolve(index, ctx)),
      [{ values: { a: 1 } }, { values: { a: 2 } }, { values: { a: 1 } }]
    )
  })

  test('calls callbacks with the index and the number of entries', ({ assert }) => {
    const sequence = new Sequence(({ index, count }) => ({ label: `${index}/${count}` }))
    assert.deepEqual(sequence.resolve(3, ctx), { values: { label: '3/1' } })
  })

  test('treats strings as state names', ({ assert }) => {
    assert.deepEqual(new Sequence('admin').resolve(0, ctx), { state: 'admin' })
  })

  test('an empty sequence hands out nothing', ({ assert }) => {
    assert.isUndefined(new Sequence().resolve(0, ctx))
  })

  test('a callback returning no values names the row and what it got', ({ assert }) => {
    const sequence = new Sequence({ a: 1 }, (() => undefined) as never)
    assert.deepEqual(sequence.resolve(0, ctx), { values: { a: 1 } })
    const error = assert.throws(() => sequence.resolve(1, ctx)) as unknown as Error
    assert.instanceOf(error, errors.E_INVALID_FACTORY_CALLBACK)
    assert.include(error.message, 'row 1 got undefined')
  })
})
