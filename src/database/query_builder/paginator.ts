import type {
  SimplePaginatorContract,
  PaginatorNamingStrategy,
  PaginationMeta,
  PageUrl,
  QueryStringValues,
} from '../../types/query_builder.js'
import { stringifyQuery } from './query_string.js'

export type {
  PaginationMetaKeys,
  PaginatorNamingStrategy,
  PaginationMeta,
  PageUrl,
  QueryStringValues,
} from '../../types/query_builder.js'
/**
 * One page of rows plus the maths and URLs around it (Lucid's
 * SimplePaginator). It is an array of the page's rows, so it can be
 * iterated and indexed directly.
 */

/** The default naming: camelCase meta keys. */
export const camelCasePaginationKeys: PaginatorNamingStrategy = {
  paginationMetaKeys() {
    return {
      total: 'total',
      perPage: 'perPage',
      currentPage: 'currentPage',
      lastPage: 'lastPage',
      firstPage: 'firstPage',
      firstPageUrl: 'firstPageUrl',
      lastPageUrl: 'lastPageUrl',
      nextPageUrl: 'nextPageUrl',
      previousPageUrl: 'previousPageUrl',
    }
  },
}

/**
 * A page of rows with its pagination meta data.
 *
 * @example
 * const page = await db.from('users').orderBy('id').paginate(2, 10)
 * page.total; page.lastPage; page.getNextPageUrl(); page.toJSON()
 */
export class SimplePaginator<Row> extends Array<Row> implements SimplePaginatorContract<Row> {
  /** How meta keys are spelled in `getMeta()`/`toJSON()`; replace it to change every paginator. */
  static namingStrategy: PaginatorNamingStrategy = camelCasePaginationKeys

  // array methods (map, filter, slice...) build plain arrays, not paginators
  static override get [Symbol.species]() {
    return Array
  }

  #baseUrl = '/'
  #queryString: QueryStringValues = {}
  /** Per instance naming strategy; falls back to `SimplePaginator.namingStrategy`. */
  namingStrategy?: PaginatorNamingStrategy

  /** Number of the first page (always 1). */
  readonly firstPage = 1
  /** Number of the last page (1 for an empty result). */
  readonly lastPage: number
  /** True when there are no rows on this page. */
  readonly isEmpty: boolean
  /** True when the result spans more than one page. */
  readonly hasPages: boolean
  /** True when pages come after this one. */
  readonly hasMorePages: boolean
  /** True when the whole result has rows. */
  readonly hasTotal: boolean

  constructor(
    /** Rows in the whole result. */
    readonly total: number,
    /** Rows per page. */
    readonly perPage: number,
    /** This page's number. */
    readonly currentPage: number,
    ...rows: Row[]
  ) {
    super()
    // super(...rows) would create an array of that length when given a single number row
    this.push(...rows)
    this.lastPage = Math.max(Math.ceil(total / perPage), 1)
    this.isEmpty = this.length === 0
    this.hasPages = this.lastPage !== 1
    this.hasMorePages = this.lastPage > currentPage
    this.hasTotal = total > 0
  }

  /** The page's rows as a plain array. */
  all(): Row[] {
    return Array.from(this)
  }

  /** Base URL of the page links (`/users`). */
  baseUrl(url: string): this {
    this.#baseUrl = url
    return this
  }

  /** Extra query string values added to every page link. */
  queryString(values: QueryStringValues): this {
    this.#queryString = { ...values }
    return this
  }

  /** The URL of `page` (at least page 1), with the query string. */
  getUrl(page: number): string {
    const values = { ...this.#queryString, page: Math.max(Math.trunc(page) || 1, 1) }
    return `${this.#baseUrl}?${stringifyQuery(values)}`
  }

  /** URL of the next page, or null on the last page. */
  getNextPageUrl(): string | null {
    return this.hasMorePages ? this.getUrl(this.currentPage + 1) : null
  }

  /** URL of the previous page, or null on the first page. */
  getPreviousPageUrl(): string | null {
    return this.currentPage > 1 ? this.getUrl(this.currentPage - 1) : null
  }

  /** Links for the pages from `start` to `end` included. */
  getUrlsForRange(start: number, end: number): PageUrl[] {
    const urls: PageUrl[] = []
    for (let page = start; page <= end; page++) {
      urls.push({ url: this.getUrl(page), page, isActive: page === this.currentPage })
    }
    return urls
  }

  /** Pagination meta data, keyed by the naming strategy. */
  getMeta(): PaginationMeta {
    const keys = (this.namingStrategy ?? SimplePaginator.namingStrategy).paginationMetaKeys()
    return {
      [keys.total]: this.total,
      [keys.perPage]: this.perPage,
      [keys.currentPage]: this.currentPage,
      [keys.lastPage]: this.lastPage,
      [keys.firstPage]: this.firstPage,
      [keys.firstPageUrl]: this.getUrl(1),
      [keys.lastPageUrl]: this.getUrl(this.lastPage),
      [keys.nextPageUrl]: this.getNextPageUrl(),
      [keys.previousPageUrl]: this.getPreviousPageUrl(),
    }
  }

  /** `{ meta, data }`, what `JSON.stringify` writes. */
  toJSON(): { meta: PaginationMeta; data: Row[] } {
    return { meta: this.getMeta(), data: this.all() }
  }
}
