/**
 * The adapter lookup every model query, save and factory `create()` starts
 * from: the one place that reads `Model.$adapter`.
 */
import { E_MISSING_ADAPTER } from '../../errors.js'
import type { AdapterContract, LucidModel } from '../../types/model.js'

/** The model's adapter, or a clear error when none was set. */
export function adapterOf(Model: LucidModel): AdapterContract {
  const adapter = Model.$adapter
  if (!adapter) {
    throw new E_MISSING_ADAPTER(
      `The "${Model.name}" model has no adapter, so it cannot reach a database. ` +
        'Call BaseModel.useAdapter(new Adapter(db)) once at startup, before any query, save or ' +
        'factory create(), or boot the DatabaseProvider (provider.boot() does it)'
    )
  }
  return adapter
}
