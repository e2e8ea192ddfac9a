import { snakeCase } from './casing.js'
import { CamelCaseNamingStrategy } from './camel_case.js'

/** Like the camel case strategy, but serialized keys and pagination keys are snake case. */
export class SnakeCaseNamingStrategy extends CamelCaseNamingStrategy {
  override serializedName(_model: unknown, attributeName: string): string {
    return snakeCase(attributeName)
  }

  override paginationMetaKeys() {
    return {
      total: 'total',
      perPage: 'per_page',
      currentPage: 'current_page',
      lastPage: 'last_page',
      firstPage: 'first_page',
      firstPageUrl: 'first_page_url',
      lastPageUrl: 'last_page_url',
      nextPageUrl: 'next_page_url',
      previousPageUrl: 'previous_page_url',
    }
  }
}
