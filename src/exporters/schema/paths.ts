/** The repository root (shared with the world's data loader). */
export { repoRoot } from '../../util/paths';
