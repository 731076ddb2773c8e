export * from './calendar';
export { EventQueue, ScheduleInPastError } from './EventQueue';
export type { ScheduledEvent } from './EventQueue';
