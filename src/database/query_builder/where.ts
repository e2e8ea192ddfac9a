/**
 * The where family of the chainable builders: the clauses on columns,
 * lists, sub queries and raw SQL (`where_basic.ts`), plus the pattern
 * (`whereLike`, `whereILike`) and JSON (`whereJson*`) clauses, each with
 * Lucid's `or*`, `and*` and `*Not*` variants.
 */
import { BaseChainable } from './base.js'
import type { ColumnKey, QueryValue } from './base.js'
import { BasicWhereChainable } from './where_basic.js'
import type { Where } from './where_basic.js'
import type { WhereJsonPathArgs } from '../../types/query_clauses.js'

export type { WhereJsonPathArgs } from '../../types/query_clauses.js'
export type {
  ListOrSubQuery,
  RawBindings,
  SubQuery,
  Where,
  WhereArgs,
  WhereColumnArgs,
} from './where_basic.js'

type JsonKind = 'object' | 'superset' | 'subset'

/** knex's method for each JSON clause kind and where variant. */
const knexJsonMethods: Record<JsonKind, Record<Where, string>> = {
  object: {
    where: 'whereJsonObject',
    orWhere: 'orWhereJsonObject',
    whereNot: 'whereNotJsonObject',
    orWhereNot: 'orWhereNotJsonObject',
  },
  superset: {
    where: 'whereJsonSupersetOf',
    orWhere: 'orWhereJsonSupersetOf',
    whereNot: 'whereJsonNotSupersetOf',
    orWhereNot: 'orWhereJsonNotSupersetOf',
  },
  subset: {
    where: 'whereJsonSubsetOf',
    orWhere: 'orWhereJsonSubsetOf',
    whereNot: 'whereJsonNotSubsetOf',
    orWhereNot: 'orWhereJsonNotSubsetOf',
  },
}

/** A JSON document given as data, not as a sub query, callback, raw or ref. */
function isJsonDocument(value: unknown): boolean {
  if (value === null || typeof value === 'function') return false
  if (typeof value !== 'object') return true
  return !(value instanceof BaseChainable) && !('toKnex' in value) && !('toSQL' in value)
}

export abstract class WhereChainable extends BasicWhereChainable {
  protected applyLike(bool: 'and' | 'or', key: ColumnKey, value: QueryValue): this {
    const column = this.transformColumn(key)
    // knex's mysql LIKE adds `COLLATE utf8_bin`, which MariaDB refuses on utf8mb4 columns
    if (this.dialectName === 'mysql' && typeof column === 'string' && typeof value === 'string') {
      const raw = this.knexInstance().raw('?? like binary ?', [column, value])
      return this.callKnex(bool === 'or' ? 'orWhere' : 'where', raw)
    }
    return this.callKnex(
      bool === 'or' ? 'orWhereLike' : 'whereLike',
      column,
      this.transformStatic(value)
    )
  }

  /**
   * `like`, as Lucid compiles it: case sensitive on pg and MySQL, case
   * insensitive for ASCII letters on SQLite (its `like` ignores case).
   */
  whereLike(key: ColumnKey, value: QueryValue): this {
    return this.applyLike('and', key, value)
  }

  /** `or` variant of `whereLike()`. */
  orWhereLike(key: ColumnKey, value: QueryValue): this {
    return this.applyLike('or', key, value)
  }

  /** Alias of `whereLike()`. */
  andWhereLike(key: ColumnKey, value: QueryValue): this {
    return this.applyLike('and', key, value)
  }

  /** Case insensitive `like` (`ilike` on pg; `like` on sqlite and mysql, whose default collations ignore case). */
  whereILike(key: ColumnKey, value: QueryValue): this {
    return this.callKnex('whereILike', this.transformColumn(key), this.transformStatic(value))
  }

  /** `or` variant of `whereILike()`. */
  orWhereILike(key: ColumnKey, value: QueryValue): this {
    return this.callKnex('orWhereILike', this.transformColumn(key), this.transformStatic(value))
  }

  /** Alias of `whereILike()`. */
  andWhereILike(key: ColumnKey, value: QueryValue): this {
    return this.whereILike(key, value)
  }

  protected applyJson(kind: JsonKind, method: Where, key: string, value: unknown): this {
    const column = this.resolveKey(key)
    if (kind !== 'object') {
      this.ensureDialect(`whereJson${kind === 'superset' ? 'Superset' : 'Subset'}`, [
        'postgres',
        'mysql',
      ])
    }
    if (kind === 'object' && this.dialectName === 'mysql' && isJsonDocument(value)) {
      // knex's mysql whereJsonObject is `json_contains(column, value)`, a containment test:
      // containment both ways is equality (arrays compare as sets)
      const json = JSON.stringify(value)
      const raw = this.knexInstance().raw('(json_contains(??, ?) and json_contains(?, ??))', [
        column,
        json,
        json,
        column,
      ])
      return this.callKnex(method, raw)
    }
    return this.callKnex(knexJsonMethods[kind][method], column, this.transformValue(value))
  }

  /**
   * The JSON column equals `value`: `column = ?` as Lucid compiles it (jsonb equality on pg,
   * text equality on SQLite); a callback or query builder value compares with a sub query.
   */
  whereJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('object', 'where', key, value)
  }

  /** `or` variant of `whereJson()`. */
  orWhereJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('object', 'orWhere', key, value)
  }

  /** Alias of `whereJson()`. */
  andWhereJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereJson(key, value)
  }

  /** The JSON column does not equal `value`. */
  whereNotJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('object', 'whereNot', key, value)
  }

  /** `or` variant of `whereNotJson()`. */
  orWhereNotJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('object', 'orWhereNot', key, value)
  }

  /** Alias of `whereNotJson()`. */
  andWhereNotJson(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereNotJson(key, value)
  }

  /** The JSON column contains `value` (pg `@>`, mysql `json_contains`; not on sqlite). */
  whereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('superset', 'where', key, value)
  }

  /** `or` variant of `whereJsonSuperset()`. */
  orWhereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('superset', 'orWhere', key, value)
  }

  /** Alias of `whereJsonSuperset()`. */
  andWhereJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereJsonSuperset(key, value)
  }

  /** Negated `whereJsonSuperset()`. */
  whereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('superset', 'whereNot', key, value)
  }

  /** `or` variant of `whereNotJsonSuperset()`. */
  orWhereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('superset', 'orWhereNot', key, value)
  }

  /** Alias of `whereNotJsonSuperset()`. */
  andWhereNotJsonSuperset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereNotJsonSuperset(key, value)
  }

  /** The JSON column is contained in `value` (pg `<@`, mysql `json_contains`; not on sqlite). */
  whereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('subset', 'where', key, value)
  }

  /** `or` variant of `whereJsonSubset()`. */
  orWhereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('subset', 'orWhere', key, value)
  }

  /** Alias of `whereJsonSubset()`. */
  andWhereJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereJsonSubset(key, value)
  }

  /** Negated `whereJsonSubset()`. */
  whereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('subset', 'whereNot', key, value)
  }

  /** `or` variant of `whereNotJsonSubset()`. */
  orWhereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.applyJson('subset', 'orWhereNot', key, value)
  }

  /** Alias of `whereNotJsonSubset()`. */
  andWhereNotJsonSubset(key: string, value: QueryValue | ((query: this) => void)): this {
    return this.whereNotJsonSubset(key, value)
  }

  protected applyJsonPath(
    bool: 'and' | 'or',
    key: string,
    jsonPath: string,
    args: WhereJsonPathArgs<this>
  ): this {
    const column = this.resolveKey(key)
    const [operator, value] = args.length === 1 ? ['=', args[0]] : args
    const method = bool === 'or' ? 'orWhere' : 'where'
    // knex casts a number to `::int` on pg, which rounds the stored value (1.5 = 2) and
    // refuses a fractional value: compare numbers as `numeric` there
    if (this.dialectName === 'postgres' && typeof value === 'number') {
      const path = this.knexInstance().raw('jsonb_path_query_first(??, ?)::numeric', [
        column,
        jsonPath,
      ])
      return this.callKnex(method, path, operator, this.transformStatic(value))
    }
    return this.callKnex(
      `${method}JsonPath`,
      column,
      jsonPath,
      operator,
      this.transformValue(value)
    )
  }

  /**
   * Compares the value at a JSON path of the column: `whereJsonPath('meta', '$.age', '>', 18)`
   * (`json_extract` on SQLite and MySQL, `jsonb_path_query_first` on pg).
   */
  whereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this {
    return this.applyJsonPath('and', key, jsonPath, args)
  }

  /** `or` variant of `whereJsonPath()`. */
  orWhereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this {
    return this.applyJsonPath('or', key, jsonPath, args)
  }

  /** Alias of `whereJsonPath()`. */
  andWhereJsonPath(key: string, jsonPath: string, ...args: WhereJsonPathArgs<this>): this {
    return this.applyJsonPath('and', key, jsonPath, args)
  }
}
