/** Reading the data tables of `data/` (or of a scenario's `tables` folder). */
export { DataRegistry, readDataTable, num, str } from './dataFiles';
export type { DataTable } from './dataFiles';
