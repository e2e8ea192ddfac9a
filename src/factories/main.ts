/**
 * Model factories: `ModelFactory` (also exported as `factory`, and as the
 * default export, as Lucid's `import factory from '@adonisjs/lucid/factories'`
 * has it) is the default manager every factory of an application is defined on.
 */
import { FactoryManager } from './manager.js'

/** The default factory manager. */
export const ModelFactory = new FactoryManager()
/** The default factory manager, under Lucid's name. */
export const factory = ModelFactory
export default ModelFactory

export { FactoryManager }
export { FactoryModel } from './factory_model.js'
export { FactoryBuilder } from './factory_builder.js'
export { Sequence } from './sequence.js'
