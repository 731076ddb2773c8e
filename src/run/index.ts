export { runSimulation, defaultWorkers, shardRange } from './runSimulation';
export type { RunOptions, RunProgress, RunSummary, Shard } from './runSimulation';
export { mergeShards } from './merge';
export type { MergeSummary, MergeOptions } from './merge';
export { checkOutput, removeLeftovers, freeBytes, spaceWarning, processAlive, BATCH_DIR_PREFIX, type OutputTarget } from './output';
export { makeBatches, BatchRunner } from './batches';
export type { Batch, BatchResult } from './batches';
export { InProcessExecutor, WorkerPool } from './executors';
export type { BatchExecutor } from './executors';
