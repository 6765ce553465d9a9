// The scam library and the "Kiểm tra lừa đảo" checker: what other modules use.
export { checkMessage, checkMessageWithModel, SCAM_LEVELS, type CheckResult, type ScamLevel } from './check.js';
export { FLAG_WEIGHTS, type Flag, type FlagCode } from './flags.js';
export { buildScamFlows, detailFlowId, quizFlowId, LAST_ALERT_FIELD, scamFlowSource } from './flows.js';
export { formatCheckResult, type FillText } from './format.js';
export { loadOfficialDomains, loadScamLibrary } from './library.js';
export { ScamPatternSchema, ScamTextsSchema, type ScamLibrary, type ScamPattern, type ScamTexts } from './library-schema.js';
export { scamContentCheck } from './lint.js';
export type { ModelOpinion, ScamModelHook } from './model.js';
export { buildScamCheckService, createScamCheckHandler, createScamCheckService, type ScamCheckDeps, type ScamCheckHandler, type ScamCheckReply } from './service.js';
export { weeklyAlertFor } from './weekly.js';
export type { OfficialDomain, LinkVerdict } from './urls.js';
