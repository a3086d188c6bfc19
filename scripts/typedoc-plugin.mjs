// TypeDoc plugin for the API reference: names each module after its npm package, and makes an exported function or
// class without an `@example` a warning (`treatWarningsAsErrors` in typedoc.json turns it into a failed `npm test`).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Application, Converter, ReflectionKind } from 'typedoc';

/** The `name` of the package.json above a source file (`packages/core/src/index.ts` → `@cognito-connect/core`). */
function packageNameOf(fileName) {
  let dir = dirname(fileName);
  for (;;) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/** True when the reflection (or, for a function, each of its signatures) carries an `@example` block. */
function hasExample(reflection) {
  if (reflection.comment?.getTag('@example')) return true;
  const signatures = reflection.signatures ?? [];
  return signatures.length > 0 && signatures.every((s) => s.comment?.getTag('@example'));
}

/**
 * Loaded by TypeDoc through `plugin` in typedoc.json.
 *
 * @example
 * ```json
 * { "plugin": ["./scripts/typedoc-plugin.mjs"] }
 * ```
 */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const file = module.sources?.[0]?.fullFileName;
      const name = file && packageNameOf(file);
      const suffix = file?.match(/\/src\/(?!index\.ts$)([^/]+)\.ts$/)?.[1];
      if (name) module.name = suffix ? `${name}/${suffix}` : name;
    }
  });
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const reflection of project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class)) {
      if (!hasExample(reflection)) {
        app.logger.warn(`${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}) has no @example.`);
      }
    }
  });
}
