import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Playwright's own Chromium when it was installed, else the system one (`apt-get install chromium`):
 * `npx playwright install` cannot download on a closed network.
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    if (existsSync(chromium.executablePath())) return undefined; // Playwright finds its own
  } catch {
    // not installed: fall through to the system browser
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('No Chromium found: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH');
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  // WebGPU in headless Chromium; on a machine without a GPU this is SwiftShader (correct, slow).
  '--enable-unsafe-webgpu',
  '--autoplay-policy=no-user-gesture-required',
  // A closed network: stop Chromium's own background traffic.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
