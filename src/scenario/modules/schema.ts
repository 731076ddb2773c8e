/**
 * JSON Schemas of pathway modules and interventions (checked with Ajv as part of the scenario file);
 * the checks that need the whole module (state names, reachability) are in `validateModule`.
 */

const ICD10 = { type: 'string', pattern: '^[A-Z][0-9]{2}[0-9A-Z]{0,2}$' } as const;
const NOTE = { type: 'string' } as const;
const RATE = { type: 'number', minimum: 0 } as const;

const STATE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    mortality: RATE,
    hospitalisation: RATE,
    terminal: { type: 'boolean' },
    treatments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['atc'],
        properties: {
          atc: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z][0-9A-Z]{0,6}$' } },
          prescriber: { anyOf: [{ const: 'gp' }, { type: 'integer', minimum: 1, maximum: 99 }] },
          note: NOTE,
        },
      },
    },
    monitoring: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['perYear'],
        properties: {
          lab: { type: 'integer', minimum: 1 },
          consultation: { type: 'integer', minimum: 1, maximum: 99 },
          act: { type: 'string', pattern: '^[A-Z]{4}[0-9]{3}$' },
          perYear: RATE,
          note: NOTE,
        },
      },
    },
    complications: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['perYear', 'stay'],
        properties: {
          perYear: RATE,
          to: { type: 'string', minLength: 1 },
          note: NOTE,
          stay: {
            type: 'object',
            additionalProperties: false,
            required: ['dp'],
            properties: {
              type: { enum: ['full', 'day'] },
              dp: { type: 'array', minItems: 1, items: ICD10 },
              los: { type: 'number', minimum: 1 },
            },
          },
        },
      },
    },
    transitions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['to'],
        properties: {
          to: { type: 'string', minLength: 1 },
          perYear: RATE,
          afterDays: { type: 'integer', minimum: 1 },
          note: NOTE,
        },
      },
    },
  },
} as const;

/** Schema of one pathway module. */
export const MODULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'sources', 'onset', 'initial', 'states'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    title: { type: 'string' },
    description: { type: 'string' },
    sources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'citation'],
        properties: { key: { type: 'string', minLength: 1 }, citation: { type: 'string', minLength: 1 }, url: { type: 'string' } },
      },
    },
    onset: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ald: { type: 'integer', minimum: 1, maximum: 32 },
        codes: { type: 'array', minItems: 1, items: ICD10 },
        code: ICD10,
        incidence: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['ageMin', 'ageMax', 'perYear'],
            properties: { sex: { enum: [1, 2] }, ageMin: { type: 'integer', minimum: 0 }, ageMax: { type: 'integer', minimum: 0 }, perYear: RATE },
          },
        },
      },
    },
    initial: { type: 'string', minLength: 1 },
    states: { type: 'object', minProperties: 1, additionalProperties: STATE },
  },
} as const;

/** Schema of one intervention (exposure–outcome effect). */
export const INTERVENTION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'exposure', 'outcome', 'hazardRatio'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string' },
    exposure: {
      type: 'object',
      additionalProperties: false,
      required: ['atc'],
      properties: {
        atc: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z][0-9A-Z]{0,6}$' } },
        daysPerBox: { type: 'integer', minimum: 1 },
      },
    },
    outcome: {
      type: 'object',
      additionalProperties: false,
      required: ['dp'],
      properties: { dp: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z][0-9]{2}[0-9A-Z]{0,2}(-[A-Z][0-9]{2}[0-9A-Z]{0,2})?$' } } },
    },
    hazardRatio: { type: 'number', minimum: 1 },
  },
} as const;
