// Unit tests for what the playground decides from its flags and folder (no services started) and how it reports.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, isStrapiApp, playgroundPlan, summaryLines } from './playground.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-playground-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const strapiApp = (at: string) => {
  mkdirSync(at, { recursive: true });
  writeFileSync(join(at, 'package.json'), JSON.stringify({ dependencies: { '@strapi/strapi': '5.54.0' } }));
  return at;
};

describe('playgroundPlan', () => {
  it('runs the packaged demo and no Strapi in an empty folder', () => {
    expect(playgroundPlan({ strapi: true }, dir)).toEqual({ seed: DEMO.seed, docsDir: DEMO.docsDir });
    expect(existsSync(DEMO.seed)).toBe(true);
    expect(existsSync(join(DEMO.docsDir, 'index.html'))).toBe(true);
  });

  it('starts the Strapi app the folder is, unless --no-strapi', () => {
    strapiApp(dir);
    expect(playgroundPlan({ strapi: true }, dir)).toMatchObject({ strapiDir: dir });
    expect(playgroundPlan({ strapi: false }, dir)).not.toHaveProperty('strapiDir');
  });

  it('does not take a folder whose package.json lacks @strapi/strapi for a Strapi app', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { '@strapi/utils': '5.54.0' } }));
    expect(isStrapiApp(dir)).toBe(false);
    writeFileSync(join(dir, 'package.json'), '{ not json');
    expect(isStrapiApp(dir)).toBe(false);
  });

  it('resolves --strapi-dir, --seed and --docs-dir against the folder', () => {
    strapiApp(join(dir, 'cms'));
    writeFileSync(join(dir, 'seed.json'), '{}');
    mkdirSync(join(dir, 'site'));
    expect(playgroundPlan({ strapi: true, strapiDir: 'cms', seed: 'seed.json', docsDir: 'site' }, dir)).toEqual({
      seed: join(dir, 'seed.json'),
      docsDir: join(dir, 'site'),
      strapiDir: join(dir, 'cms'),
    });
  });

  it('names the flag and the path when one points at nothing usable', () => {
    expect(playgroundPlan({ strapi: true, strapiDir: 'nowhere' }, dir)).toEqual({
      problem: expect.stringMatching(/^--strapi-dir: .*nowhere is not a Strapi app/),
    });
    expect(playgroundPlan({ strapi: true, seed: 'missing.json' }, dir)).toEqual({
      problem: expect.stringMatching(/^--seed: no emulator seed at .*missing\.json/),
    });
    expect(playgroundPlan({ strapi: true, docsDir: 'missing' }, dir)).toEqual({
      problem: expect.stringMatching(/^--docs-dir: no folder at .*missing/),
    });
  });
});

describe('summaryLines', () => {
  const summary = {
    emulator: { domain: 'http://127.0.0.1:9400', issuer: 'http://127.0.0.1:9400/pool', discovery: 'd' },
    docs: 'http://127.0.0.1:8080',
    strapi: undefined as string | undefined,
    amplify: undefined,
    users: [{ login: 'alice / Alice-password-1', what: 'in group admins' }],
    configs: { gitlab: 'gitlab_rails[...]\n', appsmith: 'APPSMITH_X=1\n' },
  };

  it('lists the emulator, the docs site, the logins and the configs, and Strapi only when it runs', () => {
    const text = summaryLines(summary).join('\n');
    expect(text).toContain('http://127.0.0.1:9400');
    expect(text).toContain('http://127.0.0.1:8080/');
    expect(text).toContain('alice / Alice-password-1');
    expect(text).toContain('APPSMITH_X=1');
    expect(text).not.toContain('Strapi');
    const withStrapi = summaryLines({ ...summary, strapi: 'http://127.0.0.1:1337' }).join('\n');
    expect(withStrapi).toContain('http://127.0.0.1:1337/api/cognito-connect/login');
  });

  it("shows the Amplify demo's Bearer call and how to run it again, or why it did not run", () => {
    const demo = {
      script: '/demo/amplify-bearer.mjs',
      command: 'STRAPI_URL=x node /demo/amplify-bearer.mjs',
      clientId: 'c',
    };
    const ran = summaryLines({
      ...summary,
      strapi: 'http://127.0.0.1:1337',
      amplify: {
        ...demo,
        result: {
          signedIn: { username: 'alice', authFlow: 'USER_SRP_AUTH', clientId: 'c' },
          request: 'GET /api/users/me',
          status: 200,
          body: { email: 'alice@example.com' },
        },
      },
    }).join('\n');
    expect(ran).toContain(
      'alice signed in by SRP with aws-amplify, GET /api/users/me with the access token → 200 (Strapi user alice@example.com)',
    );
    expect(ran).toContain('run it yourself: STRAPI_URL=x node /demo/amplify-bearer.mjs');
    const notRun = summaryLines({ ...summary, amplify: { ...demo, problem: 'aws-amplify is not installed' } });
    expect(notRun.join('\n')).toContain('not run: aws-amplify is not installed');
  });
});
