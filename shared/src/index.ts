export * from './enums.js';
export * from './errors.js';
export * from './limits.js';
export * from './schemas.js';
export * from './views.js';
export * from './calendar.js';
export * from './workflow.js';
export * from './deadlines.js';
