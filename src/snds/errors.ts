/** Stable codes of the errors raised by the SNDS table definitions and nomenclature reader. */
export type SchemaErrorCode =
  | 'SCHEMA_UNKNOWN_TABLE'
  | 'SCHEMA_BAD_PMSI_TEMPLATE'
  | 'SCHEMA_UNKNOWN_NOMENCLATURE'
  | 'SCHEMA_INVALID_SOURCE';

/** Error with a stable `code`; the message says what to do next. */
export class SchemaError extends Error {
  readonly code: SchemaErrorCode;

  constructor(code: SchemaErrorCode, message: string) {
    super(message);
    this.name = 'SchemaError';
    this.code = code;
  }
}
