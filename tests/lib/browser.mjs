// Launches Debian's Chromium through playwright-core: never a downloaded browser (none can be
// downloaded here), with the flags that keep it off the network.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Starts headless Chromium. `proxy` routes every http(s)/ws(s) request to a loopback proxy. */
export async function launchChromium({ proxy } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    proxy: proxy ? { server: proxy, bypass: '<-loopback>' } : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--ignore-certificate-errors',
      // Keep http:// pages on http: HTTPS-Upgrades would otherwise try https first.
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LocalNetworkAccessChecks',
    ],
  });
}
