export { BaseSchema } from './base_schema.js'
