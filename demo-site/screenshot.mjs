// Regenerates demo-site/screenshot.png (the README's picture of the demo) after a few clicks.
//   node widget-guard/build.mjs && node demo-site/screenshot.mjs
import { startDemo } from './server.mjs';
import { launchChromium } from '../tests/lib/browser.mjs';

const demo = await startDemo({ port: Number(process.env.DEMO_PORT || 18765) });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(`${demo.origins.host}/`);
  const widget = page.frameLocator('#widget');
  await widget.locator('#panel tr.ready').waitFor();
  for (const action of ['fetch-allowed', 'fetch-unlisted', 'fetch-method', 'clipboard', 'tool-unlisted', 'image']) {
    await widget.locator(`button[data-action="${action}"]`).click();
    await page.waitForTimeout(150);
  }
  await page.screenshot({ path: new URL('screenshot.png', import.meta.url).pathname });
} finally {
  await browser.close();
  await demo.close();
}
