import { registry, type FilterDef } from "../registry";
import { COLLECTION_FILTERS } from "./collections";
import { DATA_FILTERS } from "./data";
import { DATE_FILTERS } from "./dates";
import { ENCODING_FILTERS } from "./encoding";
import { STRING_FILTERS } from "./strings";

/** Every filter a template may call; a name not listed here is an error, never a lookup elsewhere. */
export const FILTERS: ReadonlyMap<string, FilterDef> = registry({
  ...STRING_FILTERS,
  ...COLLECTION_FILTERS,
  ...DATE_FILTERS,
  ...ENCODING_FILTERS,
  ...DATA_FILTERS,
});
