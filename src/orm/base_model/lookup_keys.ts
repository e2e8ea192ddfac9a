/**
 * Names a lookup takes from its caller (`findBy(key)`, the keys of
 * `updateOrCreateMany` ...). They end up as SQL identifiers, and often come
 * from a request, so a name that is neither an attribute nor a column of
 * the model is refused before any query runs.
 */
import { E_MISSING_MODEL_ATTRIBUTE } from '../../errors.js'
import type { LucidModel } from '../../types/model.js'

/** The attribute `name` stands for: an attribute, or the column name of one. */
function attributeOf(Model: LucidModel, name: string): string | undefined {
  if (Model.$hasColumn(name)) return name
  // a Map: names like "constructor" or "__proto__" find nothing inherited
  return Model.$hydrationPlan().get(name)?.attribute
}

function unknownKey(Model: LucidModel, method: string, key: string, qualified: boolean) {
  const attributes = [...Model.$columnsDefinitions.keys()]
  const columns = [...Model.$columnsDefinitions.values()].map((column) => column.columnName)
  const also = qualified ? `, optionally prefixed with "${Model.table}."` : ''
  return new E_MISSING_MODEL_ATTRIBUTE(
    `Cannot look up "${Model.name}" rows by ${JSON.stringify(key)} in ${method}(): it is neither an attribute ` +
      `nor a column of the model. Use one of its attributes (${attributes.join(', ')}) or columns ` +
      `(${columns.join(', ')})${also}`
  )
}

/**
 * The attribute a lookup key names, or `E_MISSING_MODEL_ATTRIBUTE`.
 * `qualified` also accepts `<table>.<attribute or column>` of the model's
 * own table (findBy passes such keys to the query as they are).
 */
export function lookupAttribute(
  Model: LucidModel,
  method: string,
  key: unknown,
  qualified = false
): string {
  if (typeof key !== 'string') throw unknownKey(Model, method, String(key), qualified)
  const prefix = `${Model.table}.`
  const name = qualified && key.startsWith(prefix) ? key.slice(prefix.length) : key
  const attribute = attributeOf(Model, name)
  if (attribute === undefined) throw unknownKey(Model, method, key, qualified)
  return attribute
}
