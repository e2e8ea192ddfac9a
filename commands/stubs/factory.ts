/** Template of make:factory: a model factory with no attributes yet. */
export function factoryStub(options: {
  className: string
  factoryName: string
  modelImport: string
}): string {
  return `import { ModelFactory } from 'stratum/factories'
import ${options.className} from '${options.modelImport}'

export const ${options.factoryName} = ModelFactory.define(${options.className}, async ({ faker }) => {
  return {}
}).build()
`
}
