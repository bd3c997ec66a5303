export * from './types.js';
export * from './units.js';
export * from './categories.js';
export * from './calendar.js';
export * from './staff.js';
export * from './tickets.js';
export * from './geo.js';
export * from './routing.js';
