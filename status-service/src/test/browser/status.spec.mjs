// The status page in a real browser (headless Debian Chromium driven by playwright-core).
//
//   node status.spec.mjs <status-service base url>
//
// Run by StatusPageBrowserIT, which owns the dependencies: when this script prints "AWAIT <action>" the Java
// test performs the action (stopping or starting the real Redis) and answers "done" on stdin. The page must follow
// every change through the server's push alone: no reload, no polling.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), STATUS_SCREENSHOT (a PNG path; optional).
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const base = new URL(process.argv[2] || 'http://127.0.0.1:8082/');
const screenshot = process.env.STATUS_SCREENSHOT;
const TIMEOUT = 30_000;

const GREEN = 'rgb(26, 127, 55)';
const AMBER = 'rgb(191, 135, 0)';

const input = readline.createInterface({ input: process.stdin });
const pending = [];
let waiting = null;
input.on('line', line => {
  if (waiting) { const w = waiting; waiting = null; w(line.trim()); } else pending.push(line.trim());
});
const nextLine = () => pending.length ? Promise.resolve(pending.shift()) : new Promise(r => { waiting = r; });

/** Asks the Java side to do something to a dependency and waits until it is done. */
async function ask(action) {
  console.log(`AWAIT ${action}`);
  const answer = await nextLine();
  if (answer !== 'done') throw new Error(`${action}: the test answered "${answer}"`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** What the component shows, read from inside its shadow root. */
function readWidget() {
  const root = document.querySelector('visage-status')?.shadowRoot;
  const box = root?.querySelector('.vs');
  if (!box) return null;
  const banner = box.querySelector('.vs-banner');
  return {
    overall: box.dataset.overall,
    overallText: box.querySelector('.vs-overall')?.textContent,
    count: box.querySelector('.vs-head .vs-count')?.textContent,
    banner: banner ? { level: banner.dataset.level, text: banner.textContent, visible: banner.offsetHeight > 0 } : null,
    live: box.querySelector('.vs-live')?.textContent,
    checkedAt: box.querySelector('.vs-foot time')?.getAttribute('datetime'),
    services: [...box.querySelectorAll('.vs-service')].map(li => ({
      report: li.closest('.vs-group').dataset.report,
      key: li.dataset.service,
      state: li.dataset.state,
      name: li.querySelector('.vs-name').textContent,
      color: getComputedStyle(li.querySelector('.vs-dot')).backgroundColor,
      suggestion: li.querySelector('.vs-suggestion')?.textContent || null,
    })),
  };
}

async function waitForWidget(page, predicateSource, what) {
  try {
    await page.waitForFunction(`(() => { const w = (${readWidget.toString()})(); return !!w && (${predicateSource})(w); })()`,
      null, { timeout: TIMEOUT, polling: 100 });
  } catch (e) {
    const now = await page.evaluate(readWidget);
    throw new Error(`${what}: not shown within ${TIMEOUT / 1000} s; the page shows ${JSON.stringify(now)}`);
  }
  return page.evaluate(readWidget);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
  const statusReads = [];
  const streams = [];
  page.on('request', r => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/face-verification/status') || path.startsWith('/background/status')
      || path === '/status/snapshot') statusReads.push(path);
    if (path === '/status/stream') streams.push(path);
  });
  page.on('pageerror', e => { console.log(`page error: ${e.message}`); failed = true; });

  // 1. Every service is shown, green, with the counts.
  await page.goto(base.href);
  let w = await waitForWidget(page,
    `w => w.services.length === 7 && w.services.every(s => s.state === 'ok')`, 'every service healthy');
  check(w.overall === 'healthy' && w.overallText === 'Healthy', `overall: ${w.overallText}`);
  check(w.count === '6/6 services healthy', `count: ${w.count}`);
  check(w.banner === null, 'no banner while everything is up');
  check(w.services.every(s => s.color === GREEN), `green dots: ${w.services.map(s => s.color)}`);
  check(JSON.stringify(w.services.filter(s => s.report === 'background').map(s => s.key))
    === JSON.stringify(['redis', 'kafka', 'embedding_workers', 'database']), 'background services in order');
  check(w.services.find(s => s.key === 'redis').name === 'Redis Cache', 'Redis is named');
  check(w.live === 'live', `live indicator: ${w.live}`);
  check(!!w.checkedAt, 'time of the last check');
  await page.evaluate(() => { window.__sameDocument = true; });
  console.log('healthy page shown');

  // 2. Redis stops: the page turns amber by itself, with the suggestion, without a reload.
  await ask('redis-down');
  w = await waitForWidget(page,
    `w => w.services.some(s => s.key === 'redis' && s.state === 'warn') && w.banner && w.banner.visible`,
    'Redis shown degraded');
  check(w.overall === 'degraded' && w.overallText === 'Degraded', `overall: ${w.overallText}`);
  check(w.count === '5/6 services healthy', `count: ${w.count}`);
  check(w.banner.level === 'warn', `banner level: ${w.banner.level}`);
  check(w.banner.text.includes('Redis Cache') && w.banner.text.includes('deploy/local/redis.sh start'),
    `banner: ${w.banner.text}`);
  const redis = w.services.find(s => s.key === 'redis');
  check(redis.color === AMBER, `Redis dot: ${redis.color}`);
  check(redis.suggestion && redis.suggestion.includes('redis.sh start'), `Redis suggestion: ${redis.suggestion}`);
  check(w.services.filter(s => s.key !== 'redis').every(s => s.state === 'ok'), 'only Redis is down');
  check(await page.evaluate(() => window.__sameDocument === true), 'the page was reloaded');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  console.log('degraded page shown');

  // 3. Redis is back: green again, banner gone, still the same document.
  await ask('redis-up');
  w = await waitForWidget(page,
    `w => w.services.length === 7 && w.services.every(s => s.state === 'ok') && !w.banner`, 'recovery shown');
  check(w.overall === 'healthy', `overall after recovery: ${w.overall}`);
  check(await page.evaluate(() => window.__sameDocument === true), 'the page was reloaded');

  // 4. Everything came over one server push: no polling of the documents, one stream.
  check(statusReads.length === 0, `the page polled: ${statusReads}`);
  check(streams.length === 1, `stream connections: ${streams.length}`);

  // 5. The refresh button reads one element of the stream (both documents and the server's view of them) once.
  await page.locator('visage-status .vs-refresh').click();
  const deadline = Date.now() + 5000;
  while (statusReads.length < 1 && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
  check(JSON.stringify(statusReads) === JSON.stringify(['/status/snapshot']), `refresh read: ${statusReads}`);
  w = await waitForWidget(page, `w => w.services.length === 7`, 'after refresh');

  // 6. The fragment renders the same component without script, styled by the same stylesheet.
  await page.goto(new URL('status/fragment', base).href);
  const fragment = await page.evaluate(() => [...document.querySelectorAll('.vs-service')].map(li => ({
    key: li.dataset.service, color: getComputedStyle(li.querySelector('.vs-dot')).backgroundColor })));
  check(fragment.length === 7 && fragment.every(s => s.color === GREEN), `fragment: ${JSON.stringify(fragment)}`);
  const fragmentCount = await page.evaluate(() => document.querySelector('.vs-head .vs-count')?.textContent);
  check(fragmentCount === '6/6 services healthy', `fragment count: ${fragmentCount}`);

  check(!failed, 'the page raised errors');
  console.log('PASS');
} catch (e) {
  console.log(`FAIL ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  input.close();
}
process.exit(failed ? 1 : 0);
