// The Bot Framework channel's environment variables and the rules between them
// (checked at start-up, each mistake named). No botbuilder import here: the SDK
// is loaded only when the channel is enabled.
import { z } from 'zod';
import { ConfigError } from '../../config/index.js';

export const botFrameworkEnvSchema = z.object({
  BOTFRAMEWORK_ENABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1' || value === 'yes'))
    .describe('true to serve POST /api/messages (Bot Framework Emulator on localhost without MICROSOFT_APP_ID); ' + 'enabled anyway when MICROSOFT_APP_ID is set, unless this is false'),
  MICROSOFT_APP_ID: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}$/)
    .optional()
    .describe('the Microsoft App ID of the Azure Bot resource (a GUID); leave empty for the Emulator on localhost'),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional().describe('the client secret of that app registration (not needed for UserAssignedMSI)'),
  MICROSOFT_APP_TENANT_ID: z
    .string()
    .regex(/^[0-9a-fA-F-]{36}$/)
    .optional()
    .describe('the Microsoft Entra tenant ID (a GUID); required for SingleTenant and UserAssignedMSI'),
  MICROSOFT_APP_TYPE: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])
    .default('MultiTenant')
    .describe('the app type of the Azure Bot resource: MultiTenant, SingleTenant or UserAssignedMSI'),
});

export type BotFrameworkEnv = z.output<typeof botFrameworkEnvSchema>;

export interface BotFrameworkSettings {
  /** False: Emulator mode, unauthenticated requests from loopback addresses only. */
  authenticated: boolean;
  appId?: string;
  password?: string;
  tenantId?: string;
  appType: BotFrameworkEnv['MICROSOFT_APP_TYPE'];
}

/** Explicit BOTFRAMEWORK_ENABLED wins; otherwise an app id turns the channel on. */
export function isBotFrameworkEnabled(rawEnv: Record<string, string>): boolean {
  const env = botFrameworkEnvSchema.parse(rawEnv);
  return env.BOTFRAMEWORK_ENABLED ?? env.MICROSOFT_APP_ID !== undefined;
}

/** Checks the rules between variables that a plain schema cannot express; throws ConfigError listing all. */
export function resolveSettings(rawEnv: Record<string, string>): BotFrameworkSettings {
  const env = botFrameworkEnvSchema.parse(rawEnv);
  const problems: ConfigError['problems'] = [];
  const appType = env.MICROSOFT_APP_TYPE;
  if (!env.MICROSOFT_APP_ID) {
    for (const variable of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] as const) {
      if (env[variable]) problems.push({ variable, expected: 'to be set only together with MICROSOFT_APP_ID' });
    }
    if (problems.length) throw new ConfigError(problems);
    return { authenticated: false, appType };
  }
  if (appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
    problems.push({ variable: 'MICROSOFT_APP_PASSWORD', expected: `the client secret of the app (required with MICROSOFT_APP_TYPE=${appType})` });
  }
  if (appType === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD) {
    problems.push({ variable: 'MICROSOFT_APP_PASSWORD', expected: 'to be empty with MICROSOFT_APP_TYPE=UserAssignedMSI (the managed identity has no secret)' });
  }
  if (appType !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
    problems.push({ variable: 'MICROSOFT_APP_TENANT_ID', expected: `the tenant GUID (required with MICROSOFT_APP_TYPE=${appType})` });
  }
  if (problems.length) throw new ConfigError(problems);
  return { authenticated: true, appId: env.MICROSOFT_APP_ID, password: env.MICROSOFT_APP_PASSWORD, tenantId: env.MICROSOFT_APP_TENANT_ID, appType };
}
