/** The adapter lookup every static and instance query starts from. */
import { E_MISSING_ADAPTER } from '../../errors.js'
import type { AdapterContract, LucidModel } from '../../types/model.js'

/** The model's adapter, or a clear error when none was set. */
export function adapterOf(Model: LucidModel): AdapterContract {
  const adapter = Model.$adapter
  if (!adapter) {
    throw new E_MISSING_ADAPTER(
      `The "${Model.name}" model has no adapter. Call BaseModel.useAdapter(new Adapter(db)) once at startup`
    )
  }
  return adapter
}
