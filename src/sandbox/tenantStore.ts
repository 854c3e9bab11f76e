import { createHash } from 'node:crypto';

export type CounterpartyType = 'person' | 'organisation';

export interface Counterparty {
  referenceId: string;
  name: string;
  type: CounterpartyType;
  countryCode?: string;
  email?: string;
  externalReference?: string;
  createdAt: string;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface Collateral {
  referenceId: string;
  counterpartyReferenceId: string;
  type: string;
  value: Money;
  description?: string;
  createdAt: string;
}

/** A long-running import, followed by polling (migrations.ts). */
export interface Migration {
  id: string;
  name: string;
  status: 'Pending' | 'Completed';
  createdAt: string;
  completedAt?: string;
  /** How often it was read, and after how many reads it completes: the simulation, never shown. */
  reads: number;
  completeAfterReads: number;
}

/** Everything one tenant–white-label pair owns; pairs never see each other's data. */
export interface LabelData {
  counterparties: Map<string, Counterparty>;
  /** Collaterals by counterparty reference id. */
  collaterals: Map<string, Collateral[]>;
  migrations: Map<string, Migration>;
  /** Reads before a new migration completes, unless its POST says otherwise. */
  migrationReads: number;
}

const SEED_PARTIES: ReadonlyArray<Pick<Counterparty, 'name' | 'type' | 'countryCode'>> = [
  { name: 'Jane Doe', type: 'person', countryCode: 'NL' },
  { name: 'Acme Lending B.V.', type: 'organisation', countryCode: 'NL' },
  { name: 'Müller & Söhne GmbH', type: 'organisation', countryCode: 'DE' },
  { name: 'Sophie Martin', type: 'person', countryCode: 'FR' },
  { name: 'Helvetia Bau AG', type: 'organisation', countryCode: 'CH' },
];

/**
 * In-memory data per tenant and white label, created with a few seeded counterparties on first use.
 * Seeded ids are derived from tenant, label and position, so docs and examples can name them and
 * they survive a sandbox restart.
 */
export class TenantStore {
  private readonly labels = new Map<string, LabelData>();

  constructor(private readonly migrationReads = 3) {}

  /** The white label among `labels` (other than `except`) whose data holds counterparty `id`, if any. */
  ownerOf(tenant: string, labels: readonly string[], except: string, id: string): string | undefined {
    return labels.find((l) => l !== except && this.label(tenant, l).counterparties.has(id));
  }

  label(tenant: string, whiteLabel: string): LabelData {
    const key = `${tenant}\u0000${whiteLabel}`;
    let data = this.labels.get(key);
    if (!data) {
      data = seed(tenant, whiteLabel, this.migrationReads);
      this.labels.set(key, data);
    }
    return data;
  }
}

function seed(tenant: string, whiteLabel: string, migrationReads: number): LabelData {
  const counterparties = new Map<string, Counterparty>();
  SEED_PARTIES.forEach((party, i) => {
    const referenceId = seededCounterpartyId(tenant, whiteLabel, i);
    counterparties.set(referenceId, {
      referenceId,
      ...party,
      createdAt: new Date(Date.UTC(2024, 0, 15 + i, 9)).toISOString(),
    });
  });
  const first = [...counterparties.keys()][0];
  const collateral: Collateral = {
    referenceId: seededId(`${tenant}/${whiteLabel}/collateral/0`),
    counterpartyReferenceId: first,
    type: 'real-estate',
    value: { amount: 350000, currency: 'EUR' },
    description: 'Keizersgracht 123, Amsterdam',
    createdAt: new Date(Date.UTC(2024, 1, 1, 9)).toISOString(),
  };
  return { counterparties, collaterals: new Map([[first, [collateral]]]), migrations: new Map(), migrationReads };
}

/** The id of a seeded counterparty, for docs and tests: `seededCounterpartyId('demo-bank', 'demo-label', 0)`. */
export function seededCounterpartyId(tenant: string, whiteLabel: string, index: number): string {
  return seededId(`${tenant}/${whiteLabel}/counterparty/${index}`);
}

/** A stable UUID (version 4 layout) from a name. */
function seededId(name: string): string {
  const b = createHash('sha256').update(name).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
