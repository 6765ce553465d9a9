// Settings both Zalo channels read, defined once so the two schemas agree.
import { bool } from '../../config/index.js';

export const zaloGroupsVariable = bool(false).describe('true to answer in Zalo groups when the account is mentioned (false by default)');
