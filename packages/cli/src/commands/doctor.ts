// `cognito-connect doctor`: checks a real configuration end to end without logging in, and says how to fix each failure.
import { type DiagnosticCheck, diagnose } from '@cognito-connect/core';
import { readConfigFile, settingsFromConfig } from '../config-file.js';
import { type Output, printChecklist } from '../output.js';
import { platformCallbacks } from './platforms.js';

/** The options of `cognito-connect doctor` (`--config`). */
export interface DoctorFlags {
  config?: string;
}

/**
 * `cognito-connect doctor`: core's `diagnose()` over the settings file and every platform's callback URL, printed as a
 * checklist with a fix per failure. Resolves to 0 when every check passes, 1 otherwise.
 *
 * @example
 * ```ts
 * process.exitCode = await runDoctor({ config: 'cognito-connect.config.json' }, createOutput());
 * ```
 */
export async function runDoctor(flags: DoctorFlags, out: Output): Promise<number> {
  const file = await readConfigFile(flags.config);
  const settings = settingsFromConfig(file);
  const callbacks = platformCallbacks(file, settings).flatMap((platform) =>
    platform.callbackUrls.map((url) => ({
      url,
      label: `${platform.target} callback`,
      check: `callback:${platform.target}`,
    })),
  );
  const diagnosis = await diagnose(settings, { callbacks });
  const checks: DiagnosticCheck[] = [
    {
      check: 'settings',
      ok: true,
      detail: `pool ${settings.userPoolId} in ${settings.region}, domain ${settings.domain}`,
    },
    ...diagnosis.checks,
  ];
  const ok = checks.every((c) => c.ok);
  if (out.json) out.data({ ok, checks });
  else printChecklist(out, `cognito-connect doctor — ${settings.endpoints.domain}`, checks);
  return ok ? 0 : 1;
}
