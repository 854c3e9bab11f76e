import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outerEnvironment } from '../host/outerEnvironment.mjs';

/**
 * The test host's tool install runs npm (on Node 24, for code-server) with the environment of whoever started
 * it; started by `npm test`, that holds the outer npm's lifecycle variables, which must not reach the inner npm.
 */
describe('test host: the environment the tool install gives npm', () => {
  const outer = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/someone',
    NODE_OPTIONS: '--max-old-space-size=4096',
    NODE_EXTRA_CA_CERTS: '/etc/ssl/proxy-ca.pem',
    HTTPS_PROXY: 'http://proxy:3128',
    AKKURO_TOOLS_DIR: '/var/tmp/tools',
    EMPTY: '',
    MY_npm_NOTE: 'not a lifecycle variable',
    npm_config_user_agent: 'npm/10.8.2 node/v20.20.2 linux x64 workspaces/false',
    npm_config_globalconfig: '/usr/etc/npmrc',
    npm_config_nodedir: '/usr/include/node',
    NPM_CONFIG_REGISTRY: 'https://registry.example/',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'npm run typecheck && …',
    npm_package_name: 'akkuro-notebooks',
    npm_package_json: '/work/main/package.json',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    INIT_CWD: '/work/main',
    NODE: '/usr/bin/node',
  };

  it('drops every npm_* variable (any case), INIT_CWD and NODE, and keeps the rest as they are', () => {
    assert.deepEqual(outerEnvironment(outer), {
      PATH: '/usr/bin:/bin',
      HOME: '/home/someone',
      NODE_OPTIONS: '--max-old-space-size=4096',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/proxy-ca.pem',
      HTTPS_PROXY: 'http://proxy:3128',
      AKKURO_TOOLS_DIR: '/var/tmp/tools',
      EMPTY: '',
      MY_npm_NOTE: 'not a lifecycle variable',
    });
  });

  it('leaves the environment it reads alone, and an environment without npm unchanged', () => {
    const copy = { ...outer };
    outerEnvironment(outer);
    assert.deepEqual(outer, copy);
    const plain = { PATH: '/bin', LANG: 'C.UTF-8' };
    assert.deepEqual(outerEnvironment(plain), plain);
    assert.notEqual(outerEnvironment(plain), plain);
  });

  it('importing tools.mjs installs nothing (only running it as a script does)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'akkuro-tools-import-'));
    const toolsDir = path.join(dir, 'tools');
    try {
      const tools = path.join(__dirname, '..', 'host', 'tools.mjs');
      const r = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = await import(${JSON.stringify(tools)}); console.log(typeof t.ensureTools, t.toolPaths().toolsDir);`,
        ],
        { encoding: 'utf8', env: { ...process.env, AKKURO_TOOLS_DIR: toolsDir }, timeout: 20_000 },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), `function ${toolsDir}`);
      assert.ok(!existsSync(toolsDir), `${toolsDir} was created on import`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
