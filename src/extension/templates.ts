/** The commented template written by "Open Environments File" when the workspace has none. */
export const ENVIRONMENTS_TEMPLATE = `# Akkuro Notebooks environments. Commit this file: it holds no secret.
# Credentials are entered with "Akkuro: Authenticate" and kept in VS Code's secret storage.
# Hosts without "uat." are production: they are protected (requests other than GET/HEAD and Run All
# ask for confirmation first). Mark any other environment "protected: true" to get the same.
#
# The built-in "sandbox" environment needs no entry here: it is the local simulator.
environments:
  uat-eu:
    baseUrl: https://api.uat.eu.lending.akkuro.io
    brokerKey: yourbank            # your tenant name
    labelReferenceId: yourlabel    # your white label; several: labels: [retail, business] (the first is the default)
    apiVersion: 2025.1.0           # pin the API version (Accept: application/json;api-version=…)
    # variables: { partyId: "..." }  # used in cells as {{partyId}}
    # clients:                     # several client applications, one per use case (else one set of credentials)
    #   onboarding:                # a name you choose; "Akkuro: Authenticate" asks for its id and secret
    #     labels: all              # or a list of your labels, e.g. [retail]
    #     domains: [/counterparty-management, /collateral-management]   # requests to these use this client
    #     dailyQuota: 500          # the requests per day it was issued for: counted per UTC day, asked before going over
    # minInterval: 200ms           # pacing: at least this long between two requests to this environment
  prod-eu:
    baseUrl: https://api.eu.lending.akkuro.io
    brokerKey: yourbank
    labelReferenceId: yourlabel
    apiVersion: 2025.1.0
  uat-ch:
    baseUrl: https://api.uat.ch.lending.akkuro.io
    brokerKey: yourbank
    labelReferenceId: yourlabel
    apiVersion: 2025.1.0
  prod-ch:
    baseUrl: https://api.ch.lending.akkuro.io
    brokerKey: yourbank
    labelReferenceId: yourlabel
    apiVersion: 2025.1.0
# default: uat-eu                  # the environment notebooks use unless they pin or you switch
`;

/** The cells of "New Request Notebook": a short tour that runs against the sandbox as is. */
export const STARTER_CELLS: ReadonlyArray<{ kind: 'markdown' | 'request'; text: string }> = [
  {
    kind: 'markdown',
    text: '# New request notebook\n\nEach request cell is YAML: one method key with a URL, plus optional `query`, `headers`, `body`, `expect` and `name`. Run a cell with ▷; the active environment is in the status bar.',
  },
  {
    kind: 'request',
    text: 'name: parties\nGET: /counterparty-management/counterparties\nquery: { limit: 5 }\nexpect:\n  status: 200\n  body:\n    $.items: { type: array }\n',
  },
  {
    kind: 'request',
    text: 'name: party\nPOST: /counterparty-management/counterparties\nheaders:\n  X-Request-Id: "{{$uuid}}"\nbody:\n  name: Jane Doe\n  type: person\nexpect:\n  status: 201\n  body:\n    $.referenceId: { type: string }\n',
  },
  {
    kind: 'request',
    text: 'GET: /counterparty-management/counterparties/{{party.body.referenceId}}\nexpect:\n  status: 200\n  body:\n    $.name: Jane Doe\n',
  },
];
