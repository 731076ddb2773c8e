/** The DuckDB-engine outputs: a DuckDB file and a Parquet folder (DuckDB EXPORT DATABASE layout). */
export { DuckdbSink, DUCKDB_FORMAT } from './DuckdbSink';
export { ParquetSink, PARQUET_FORMAT, parquetFolder, partFileName } from './ParquetSink';
export { duckColumnType, createTableSql, CellTypeError, type DuckColumnType } from './duckTypes';
export { ChunkEncoder, CHUNK_ROWS, type RowChunk, type ColumnChunk } from './chunks';
export { openDuckdb, plainValue, isoFromDays, type DuckConnection, type DuckOpener, type PlainValue } from './duckApi';
export { writeParquetPart, writeRowsAsParquet, insertRows, closePartWriter, partFiles, PARQUET_COPY_OPTIONS } from './parts';
export { USER_SYNONYMS_TABLE, USER_SYNONYMS_NAME, synonymRows, firstSimulatedYear } from './synonyms';
