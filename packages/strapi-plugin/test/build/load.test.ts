// The built package loads the two ways it is used: Strapi requires ./strapi-server, code imports or requires the index.
import { describe, expect, it } from 'vitest';
import { exportsViaImport, exportsViaRequire } from '../../../../test-fixtures/support/load-built.js';

describe('built package', () => {
  it('gives Strapi the plugin object itself from require("…/strapi-server")', () => {
    const keys = exportsViaRequire('@cognito-connect/strapi-plugin/strapi-server');
    expect(keys).toEqual(['bootstrap', 'config', 'contentTypes', 'controllers', 'register', 'routes']);
  });

  it('loads the index with import and require, exposing the same API', () => {
    const viaImport = exportsViaImport('@cognito-connect/strapi-plugin');
    expect(viaImport).toEqual(
      expect.arrayContaining([
        'parseOptions',
        'PluginConfigError',
        'PluginError',
        'PLUGIN_NAME',
        'LOGIN_CODE_PARAM',
        'SUB_ATTRIBUTE',
      ]),
    );
    expect(exportsViaRequire('@cognito-connect/strapi-plugin')).toEqual(viaImport);
  });
});
