/** The insurance sample-data generator: deterministic, each fact in exactly one daily batch, a real feed's dirt. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { INSURANCE_TABLE_HEADERS, generateInsuranceData, insuranceBatch } from '../../src/ingest/index.js';
import { policyClaims } from '../../src/ingest/insurance-data/claims.js';
import { policyVersions, premiumPayments } from '../../src/ingest/insurance-data/policies.js';
import { worldOnDay } from '../../src/ingest/insurance-data/world.js';
import { dayEnd } from '../../src/ingest/sample-data/calendar.js';

const SEED = 7;
const SCALE = 0.004;
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function generate(day: number, scale = SCALE): Promise<Map<string, string>> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-insurance-gen-'));
  scratch.push(outDir);
  await generateInsuranceData({ outDir, day, scale, seed: SEED });
  const files = new Map<string, string>();
  for (const table of readdirSync(outDir)) {
    for (const file of readdirSync(path.join(outDir, table))) files.set(`${table}/${file}`, readFileSync(path.join(outDir, table, file), 'utf8'));
  }
  return files;
}

describe('generateInsuranceData', () => {
  it('writes the same bytes for the same options, a file per table with its header', async () => {
    const [first, second] = [await generate(2), await generate(2)];
    expect(first).toEqual(second);
    for (const [table, header] of Object.entries(INSURANCE_TABLE_HEADERS)) {
      expect(first.get(`${table}/${table}_day002.csv`)!.split('\n')[0]).toBe(header.join(','));
    }
  });

  it('puts each policy version, premium and claim in exactly one daily batch', () => {
    const days = [1, 2, 3, 4].map((day) => insuranceBatch(SEED, SCALE, day));
    const horizon = dayEnd(4);
    const world = worldOnDay(SEED, SCALE, 4);
    const versionIds = days.flatMap((batch) => batch.newVersions.map((v) => `${v.policyId}|${v.versionNo}`));
    const paymentIds = days.flatMap((batch) => batch.premiums.map((p) => p.paymentId));
    const claimIds = days.flatMap((batch) => batch.claims.map((c) => c.claimId));
    const eventIds = days.flatMap((batch) => batch.events.map((e) => e.eventId));
    const expected = { versions: [] as string[], payments: [] as number[], claims: [] as number[], events: [] as number[] };
    for (const policy of world.policies) {
      const versions = policyVersions(SEED, policy, horizon);
      expected.versions.push(...versions.map((v) => `${v.policyId}|${v.versionNo}`));
      expected.payments.push(...premiumPayments(SEED, versions, horizon).map((p) => p.paymentId));
      for (const claim of policyClaims(SEED, policy, versions, horizon)) {
        if (claim.filedSeconds < horizon) expected.claims.push(claim.claimId);
        expected.events.push(...claim.events.filter((e) => e.arrivalSeconds < horizon).map((e) => e.eventId));
      }
    }
    const sorted = <T>(items: T[]) => [...items].sort();
    expect(sorted(versionIds)).toEqual(sorted(expected.versions));
    expect(sorted(paymentIds)).toEqual(sorted(expected.payments));
    expect(sorted(claimIds)).toEqual(sorted(expected.claims));
    expect(sorted(eventIds)).toEqual(sorted(expected.events));
    expect(new Set(claimIds).size).toBe(claimIds.length);
    // later days bring new business and changes
    expect(days[1]!.newVersions.length).toBeGreaterThan(0);
  });

  it('writes a real feed’s dirt: duplicate rows, unparseable incident dates, negative premiums, late events', async () => {
    const files = await generate(1, 0.02);
    const lines = (file: string) => files.get(file)!.trim().split('\n').slice(1);
    const claims = lines('claims/claims_day001.csv');
    expect(new Set(claims).size).toBeLessThan(claims.length);
    expect(claims.some((line) => !/^\d+,\d+,\d{4}-\d{2}-\d{2},/.test(line))).toBe(true);
    expect(lines('premiums/premiums_day001.csv').some((line) => line.split(',')[6]!.startsWith('-'))).toBe(true);
    const batch = insuranceBatch(SEED, 0.02, 1);
    expect(batch.events.some((event) => event.arrivalSeconds > event.atSeconds)).toBe(true);
  });

  it('refuses a scale or day out of range with a hint', async () => {
    await expect(generateInsuranceData({ outDir: os.tmpdir(), scale: 0 })).rejects.toThrow(DailiesError);
    await expect(generateInsuranceData({ outDir: os.tmpdir(), day: 1000 })).rejects.toThrow(/day must be a whole number/);
  });
});
