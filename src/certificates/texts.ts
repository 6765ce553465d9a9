// The certificate's words and areas, read from the compiled "certificate" flow
// (content/framework.yaml → src/content/framework-source.ts), so they follow content reloads.
import type { FlowRegistry } from '../engine/flow-registry.js';
import type { UserState } from '../engine/state.js';

export interface CertificateTexts {
  title: string;
  askName: string | string[];
  sent: string | string[];
  verifyLine: string;
  revoked: string | string[];
  failed: string | string[];
  notYet: string | string[];
  ward: string;
  date: string;
  areasPassed: string;
  issuer: string;
  scan: string;
  valid: string;
  revokedPage: string;
  notFound: string;
  nameHidden: string;
}

export interface CertificateArea {
  id: string;
  code: string;
  title: string;
  flow: string;
  basic: boolean;
}

export const CERTIFICATE_FLOW = 'certificate';

export function certificateContent(registry: FlowRegistry): { texts: CertificateTexts; areas: CertificateArea[] } | undefined {
  const meta = registry.get(CERTIFICATE_FLOW)?.meta as { texts?: CertificateTexts; certificateAreas?: CertificateArea[] } | undefined;
  return meta?.texts && meta.certificateAreas ? { texts: meta.texts, areas: meta.certificateAreas } : undefined;
}

/** The areas whose test the resident passed, and whether that is every basic area. */
export function areasPassed(state: UserState, areas: CertificateArea[]): { passed: CertificateArea[]; complete: boolean } {
  const passed = areas.filter((area) => state.progress[area.flow]?.status === 'completed');
  const basic = areas.filter((area) => area.basic);
  return { passed, complete: basic.length > 0 && basic.every((area) => passed.includes(area)) };
}
