/** Registry of the data-build steps, run in this order by `npm run data:build`. */
import type { DataBuilder } from './lib';

export const BUILDERS: DataBuilder[] = [];
