// `cognito-connect doctor`: checks a real configuration end to end without logging in, and says how to fix each failure.
import {
  type ProbeResult,
  probeAuthorize,
  probeCallback,
  probeClientSecret,
  probeDiscovery,
  probeJwks,
} from '@cognito-connect/core';
import { readConfigFile, settingsFromConfig } from '../config-file.js';
import { type Output, printChecklist } from '../output.js';
import { platformCallbacks } from './platforms.js';

export interface DoctorFlags {
  config?: string;
}

export async function runDoctor(flags: DoctorFlags, out: Output): Promise<number> {
  const file = await readConfigFile(flags.config);
  const settings = settingsFromConfig(file);
  const checks: ProbeResult[] = [];
  checks.push({
    check: 'settings',
    ok: true,
    detail: `pool ${settings.userPoolId} in ${settings.region}, domain ${settings.domain}`,
  });
  const [discovery, jwks] = await Promise.all([probeDiscovery(settings), probeJwks(settings)]);
  checks.push(discovery, jwks);
  checks.push(...(await probeAuthorize(settings)));
  checks.push(await probeClientSecret(settings));
  for (const platform of platformCallbacks(file, settings)) {
    for (const url of platform.callbackUrls) {
      const result = await probeCallback(settings, url, `${platform.target} callback`);
      checks.push({ ...result, check: `callback:${platform.target}` });
    }
  }
  const ok = checks.every((c) => c.ok);
  if (out.json) out.data({ ok, checks });
  else printChecklist(out, `cognito-connect doctor — ${settings.endpoints.domain}`, checks);
  return ok ? 0 : 1;
}
