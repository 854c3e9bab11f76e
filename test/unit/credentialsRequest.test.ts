import assert from 'node:assert/strict';
import {
  CREDENTIALS_REQUEST_CHECKS as CHECK,
  credentialsRequestMarkdown,
} from '../../src/core/environments/credentialsRequest';
import { parseEnvironmentsFile } from '../../src/core/environments/environmentsFile';

describe('credentials request', () => {
  const markdown = credentialsRequestMarkdown({
    clientName: 'onboarding',
    purpose: 'Onboard retail customers | from the web shop\nand the app',
    labels: ['retail', 'business'],
    domains: ['/counterparty-management', '/collateral-management'],
    requestsPerDay: 500,
    environment: { name: 'prod-eu', baseUrl: 'https://api.eu.lending.akkuro.io', brokerKey: 'yourbank' },
  });

  it('holds every field Akkuro asks for, in a table that survives pipes and line breaks', () => {
    for (const row of [
      '| Client name | onboarding |',
      '| Purpose of use | Onboard retail customers \\| from the web shop and the app |',
      '| Tenant (broker key) | yourbank |',
      '| White-label scope | retail, business |',
      '| API domains | /counterparty-management, /collateral-management |',
      '| Expected requests per day | 500 |',
      '| Environment | Production: https://api.eu.lending.akkuro.io |',
    ])
      assert.ok(markdown.includes(row), `missing ${row}`);
    assert.doesNotMatch(markdown, /secret:|password/i);
  });

  it('ends with a clients: entry that the environments file accepts', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(markdown)![1];
    const file = `environments:\n  prod-eu:\n    baseUrl: https://api.eu.lending.akkuro.io\n    brokerKey: yourbank\n    labels: [retail, business]\n${yaml}`;
    const { diagnostics, file: parsed } = parseEnvironmentsFile(file);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(parsed.environments[0].clients, [
      {
        name: 'onboarding',
        labels: ['retail', 'business'],
        domains: ['/counterparty-management', '/collateral-management'],
        dailyQuota: 500,
      },
    ]);
  });

  it('checks what is typed', () => {
    assert.equal(CHECK.clientName('onboarding'), undefined);
    assert.match(CHECK.clientName('on boarding')!, /letters, digits/);
    assert.match(CHECK.purpose('short')!, /sentence/);
    assert.equal(CHECK.domain('/migration-assistance'), undefined);
    assert.match(CHECK.domain('migration-assistance')!, /path segment/);
    assert.equal(CHECK.requestsPerDay('500'), undefined);
    assert.match(CHECK.requestsPerDay('0')!, /at least 1/);
    assert.match(CHECK.requestsPerDay('many')!, /whole number/);
  });
});
