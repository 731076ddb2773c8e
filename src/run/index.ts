export { runSimulation } from './runSimulation';
export type { RunOptions, RunProgress, RunSummary } from './runSimulation';
