// The console page in a real browser (headless Debian Chromium driven by playwright-core), at a phone's size.
//
//   node console.spec.mjs <face-api base url>
//
// Run by ConsoleBrowserIT. Environment: CHROMIUM_PATH (default /usr/bin/chromium), API_KEY, PHOTO_SAME_1 and
// PHOTO_SAME_2 (two photos of one person), PHOTO_NO_FACE, COLLECTION, CONSOLE_SCREENSHOT (a PNG path; optional).
// Prints "PASS <step>" per step and exits non-zero on the first failure.
import { chromium } from 'playwright-core';

const base = new URL(process.argv[2] || 'http://127.0.0.1:8080/');
const env = process.env;
const TIMEOUT = 60_000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Chromium's fake camera (a test pattern, no face) stands in for a phone's: it proves the capture path, not a match.
const browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await context.grantPermissions(['camera'], { origin: base.origin });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(new URL('/console/', base).toString());
  await page.waitForSelector('body[data-ready="true"]');
  await page.fill('#api-key', env.API_KEY);
  await page.click('#key-form button');
  check(await page.evaluate(() => sessionStorage.getItem('visage.apiKey')) === env.API_KEY, 'key not kept');
  console.log('PASS key kept for the tab');

  await page.setInputFiles('.slot[data-slot="image1"] input[type=file]', env.PHOTO_SAME_1);
  await page.setInputFiles('.slot[data-slot="image2"] input[type=file]', env.PHOTO_SAME_2);
  await page.click('#verify-button');
  await page.waitForSelector('#verdict:not([hidden])');
  const verdict = await page.textContent('#verdict .result');
  check(verdict === 'Same person', `verdict was "${verdict}"`);
  await page.waitForFunction(() => [...document.querySelectorAll('#verify canvas')]
    .every(c => Number(c.dataset.faces) >= 1));
  const numbers = await page.textContent('#verdict .numbers');
  check(/similarity 0\.\d+ · threshold/.test(numbers), `numbers were "${numbers}"`);
  check((await page.textContent('.slot[data-slot="image1"] .face')).includes('quality'), 'no quality shown');
  console.log(`PASS verify: ${verdict}, ${numbers}, boxes drawn`);
  if (env.CONSOLE_SCREENSHOT) {
    await page.locator('#verify').screenshot({ path: env.CONSOLE_SCREENSHOT, scale: 'css' });
  }

  await page.fill('#collection', env.COLLECTION);
  await page.fill('#subject-form [name=external_id]', 'emp-1001');
  await page.fill('#subject-form [name=name]', 'Alice');
  await page.click('#subject-form button');
  await page.waitForFunction(() => document.querySelector('#subject-created').textContent.startsWith('Created'));
  await page.setInputFiles('#enrol-form input[type=file]', env.PHOTO_SAME_1);
  await page.click('#enrol-form button');
  await page.waitForFunction(() => document.querySelector('#enrolled').textContent.startsWith('Enrolled'));
  console.log('PASS create and enrol');

  await page.setInputFiles('#identify-form input[type=file]', env.PHOTO_SAME_2);
  await page.click('#identify-form button');
  await page.waitForSelector('#matches li');
  const match = await page.textContent('#matches li');
  check(match.includes('emp-1001'), `identified as "${match}"`);
  check(Number(await page.getAttribute('#identify-canvas', 'data-faces')) >= 1, 'no box on the identified photo');
  console.log(`PASS identify: ${match}`);

  await page.click('.slot[data-slot="image1"] button.camera');
  await page.waitForFunction(() => document.querySelector('#camera-dialog').open
    && document.querySelector('#camera-dialog video').videoWidth > 0);
  await page.click('#capture');
  await page.waitForFunction(() => !document.querySelector('#camera-dialog').open
    && document.querySelector('.slot[data-slot="image1"] .face').textContent === 'image1.jpg');
  console.log('PASS camera: a frame taken as photo 1');

  await page.setInputFiles('.slot[data-slot="image1"] input[type=file]', env.PHOTO_NO_FACE);
  await page.click('#verify-button');
  await page.waitForSelector('#error:not([hidden])');
  const type = await page.textContent('#error .type');
  const suggestion = await page.textContent('#error .suggestion');
  check(type === 'face_detection_error', `error type was "${type}"`);
  check(suggestion.length > 0, 'no suggestion shown');
  console.log(`PASS error: ${type}: ${suggestion}`);
} finally {
  await browser.close();
}
