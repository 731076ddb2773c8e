/**
 * JSON Schema of scenario files (checked with Ajv): structure, types, ranges and unknown keys.
 * The checks that need the data (known départements, dates in order…) are done afterwards.
 */

import { TEXTURES, type Texture } from './defaults';
import { INTERVENTION_SCHEMA } from './modules/schema';

/** Processes whose rates a scenario can scale. */
export const RATE_PROCESSES = [
  'death',
  'birth',
  'gp_consultation',
  'specialist_consultation',
  'ccam_act',
  'ald_incidence',
  'hospital_stay',
  'dispensing',
] as const;
export type RateProcess = (typeof RATE_PROCESSES)[number];

export { TEXTURES, type Texture };

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

/** The scenario file schema. */
export const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    regions: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    population: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
    seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
    start: DATE,
    end: DATE,
    output: { type: 'string', minLength: 1 },
    format: { enum: ['sqlite', 'duckdb', 'parquet'] },
    workers: { type: 'integer', minimum: 1 },
    tables: { type: 'string', minLength: 1 },
    modules: { type: 'array', items: { type: ['string', 'object'] } },
    interventions: { type: 'array', items: INTERVENTION_SCHEMA },
    counterfactual: { type: 'boolean' },
    texture: { enum: [...TEXTURES] },
    rates: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['process', 'multiplier'],
        properties: {
          process: { enum: [...RATE_PROCESSES] },
          multiplier: { type: 'number', minimum: 0 },
          sex: { enum: [1, 2] },
          ageMin: { type: 'integer', minimum: 0 },
          ageMax: { type: 'integer', minimum: 0 },
          departements: { type: 'array', items: { type: 'string', minLength: 1 } },
          note: { type: 'string' },
        },
      },
    },
  },
} as const;
