/**
 * Test helper: Debian's Chromium driven by playwright-core (never a downloaded browser). `.ci/run`
 * installs the `chromium` package when it is missing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.DAILIES_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/**
 * The page's globals as the tests' `page.evaluate` callbacks use them (the tests are compiled
 * without DOM types): `(globalThis as unknown as PageGlobals).document…`.
 */
export interface PageGlobals {
  document: {
    body: { dataset: Record<string, string | undefined> };
    documentElement: { scrollWidth: number };
    querySelector(selector: string): { textContent: string | null } | null;
  };
  location: { hash: string };
  dailiesDocs?: { charts: Map<string, { getOption(): unknown }> };
}
