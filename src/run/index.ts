export { runSimulation, defaultWorkers, shardRange } from './runSimulation';
export type { RunOptions, RunProgress, RunSummary, Shard } from './runSimulation';
export { mergeShards } from './merge';
export type { MergeSummary } from './merge';
export { makeBatches, BatchRunner } from './batches';
export type { Batch, BatchResult } from './batches';
export { InProcessExecutor, WorkerPool } from './executors';
export type { BatchExecutor } from './executors';
