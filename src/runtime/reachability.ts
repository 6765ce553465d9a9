// Kept for the channels that import it from here.
export { setReachable } from './user-updates.js';
