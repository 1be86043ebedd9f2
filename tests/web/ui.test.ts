// End to end in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core,
// headless, with a fresh user-data dir, against the simulator server running the firmware
// bundle. Holds the flexor control and watches the fingers close, holds the extensor key and
// watches them open, runs a scenario from the page, asks the console for hand.status(), and
// saves a screenshot to artifacts/sim-page.png. Skipped, saying so, where there is no Chromium.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { RunningServer, startServer } from '../../sim/server';
import { SHARED_EMG_DIR } from '../../sim/recordings';
import { builtFirmware } from '../sim/firmware';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  // eslint-disable-next-line no-console
  console.warn(`tests/web/ui.test.ts: SKIPPED — no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
}
const describeUi = haveChromium ? describe : describe.skip;

/** flexion of each finger as the drawing shows it (data-flexion on each finger's <g>). */
async function drawnFlexion(page: Page): Promise<number[]> {
  return page.$$eval('#handView g.finger', (gs) => gs.map((g) => Number(g.getAttribute('data-flexion'))));
}

async function waitForFingers(page: Page, pred: 'closed' | 'open', timeout = 10000): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const v = Array.from(document.querySelectorAll('#handView g.finger')).map((g) => Number(g.getAttribute('data-flexion')));
      return v.length === 5 && v.every((f) => (want === 'closed' ? f > 0.95 : f < 0.05));
    },
    pred,
    { timeout, polling: 50 },
  );
}

describeUi('simulator page in Chromium', () => {
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const fw = await builtFirmware();
    server = await startServer({ port: 0, firmware: fw.source });
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1480, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
  }, 60000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  test('the page connects and shows the booted firmware', async () => {
    await page.locator('#conn', { hasText: 'connected' }).waitFor({ timeout: 10000 });
    await page.locator('#state', { hasText: 'ready' }).waitFor({ timeout: 10000 });
    expect(await drawnFlexion(page)).toEqual([0, 0, 0, 0, 0]);
    // labels for the controls a screen reader announces
    expect(await page.getByRole('button', { name: /Hold to close/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Hold to open/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /thumb 0 % closed/ }).count()).toBe(1);
    expect(await page.locator('#plots .uplot').count()).toBe(4);
    expect(await page.locator('#wiringImg').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  });

  test('holding the flexor control closes the hand; holding the extensor key opens it', async () => {
    const hold = page.locator('#hold-flexor');
    const box = (await hold.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.locator('#state', { hasText: /moving|holding/ }).waitFor({ timeout: 5000 });
    expect(await page.locator('.site[data-site="flexor"] .on-badge').textContent()).toBe('ON');
    await waitForFingers(page, 'closed');
    await page.mouse.up();
    await page.locator('#state', { hasText: 'holding' }).waitFor({ timeout: 5000 });
    expect(Math.min(...(await drawnFlexion(page)))).toBeGreaterThan(0.95);

    await page.locator('body').click({ position: { x: 5, y: 200 } }); // focus off the buttons
    await page.keyboard.down('e');
    await page.locator('#state', { hasText: 'moving' }).waitFor({ timeout: 5000 });
    await waitForFingers(page, 'open');
    await page.keyboard.up('e');
    await page.locator('#state', { hasText: 'ready' }).waitFor({ timeout: 5000 });
    expect(Math.max(...(await drawnFlexion(page)))).toBeLessThan(0.05);
  });

  test('the console sends a line to the firmware prompt and shows the answer', async () => {
    await page.locator('#consoleIn').fill('hand.status()');
    await page.locator('#consoleIn').press('Enter');
    await page.locator('#consoleOut', { hasText: '>hand.status()' }).waitFor({ timeout: 5000 });
    await page.locator('#consoleOut', { hasText: '"state": "ready"' }).waitFor({ timeout: 5000 });
    expect(await page.locator('#consoleOut').textContent()).toMatch(/"emgControl": true/);
  });

  test('flex sensors on a glove: five sliders bend its fingers, the flex pins follow, the hand stays open', async () => {
    const pinOf = async (i: number) => Number(((await page.locator(`.glove-row[data-finger="${i}"] .glove-pin`).textContent()) ?? '').replace('pin ', ''));
    expect(await page.locator('#gloveBox').isHidden()).toBe(true);
    await page.getByLabel("on a glove on the user's own hand").check();
    await page.locator('#gloveBox').waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('#gloveSliders input[type=range]').count()).toBe(5);
    await page.locator('#flexPins', { hasText: '(glove)' }).waitFor({ timeout: 5000 });
    await page.getByRole('slider', { name: 'glove index bend' }).fill('100');
    await page.waitForFunction(() => Number(document.querySelector('.glove-row[data-finger="1"] .glove-pin')?.textContent?.replace('pin ', '')) > 0.6, undefined, { timeout: 5000, polling: 50 });
    expect(await pinOf(0)).toBeLessThan(0.4);
    // the firmware reads the glove on its flex pins
    await page.locator('#consoleIn').fill('hand.status().flex[1] > 0.6');
    await page.locator('#consoleIn').press('Enter');
    await page.locator('#consoleOut', { hasText: '=true' }).waitFor({ timeout: 5000 });
    await page.locator('[data-glove="1,1,1,1,1"]').click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.glove-row .glove-pin')).every((o) => Number(o.textContent?.replace('pin ', '')) > 0.6), undefined, { timeout: 5000, polling: 50 });
    expect(Math.max(...(await drawnFlexion(page)))).toBeLessThan(0.05); // the prosthetic hand did not move
    await page.getByLabel("on a glove on the user's own hand").uncheck();
    await page.locator('#gloveBox').waitFor({ state: 'hidden', timeout: 5000 });
    await page.locator('#flexPins', { hasText: '(fingers)' }).waitFor({ timeout: 5000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.glove-row .glove-pin')).every((o) => Number(o.textContent?.replace('pin ', '')) < 0.4), undefined, { timeout: 5000, polling: 50 });
  });

  test('a scenario runs from the page, at 10x, and its expectations hold', async () => {
    await page.locator('#scenarioSel').selectOption('two-site-open-close.json');
    await page.locator('#playScenario').click();
    await page.locator('[data-speed="10"]').click();
    await page.locator('#playing', { hasText: 'two-site open/close' }).waitFor({ timeout: 5000 });
    // the flexor contraction at 2 s closes the hand, the extensor one at 5 s opens it
    await waitForFingers(page, 'closed', 10000);
    await waitForFingers(page, 'open', 10000);
    await page.locator('#playing', { hasText: 'finished' }).waitFor({ timeout: 15000 });
    await page.locator('#checks p.pass').waitFor({ timeout: 15000 });
    expect(await page.locator('#checks li.fail').count()).toBe(0);
    expect(await page.locator('#checks li.pass').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-speed="0"]').getAttribute('aria-pressed')).toBe('true'); // paused at the end
    expect(await page.locator('#state').textContent()).toBe('holding'); // closed again by the light contraction
  });

  test('an injected electrode lift-off shows as a firmware fault and clears', async () => {
    await page.locator('[data-speed="10"]').click();
    await page.locator('#liftoffSite').selectOption('flexor');
    await page.locator('#liftoffMode').selectOption('rail');
    await page.locator('#injLiftoff').click();
    await page.locator('#simFaults', { hasText: 'liftoff:flexor:rail' }).waitFor({ timeout: 5000 });
    await page.locator('#faultsBox.has-faults').waitFor({ timeout: 10000 });
    await page.locator('#ledRed[data-state="blinking"]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sim-page-fault.png'), fullPage: true });
    await page.locator('#clearFaults').click();
    await page.locator('#faults', { hasText: 'none' }).waitFor({ timeout: 10000 });
  });

  (fs.existsSync(SHARED_EMG_DIR) ? test : test.skip)('a recorded EMG file plays on a site', async () => {
    await page.locator('#recFile').selectOption('myo-wrist/12345-1/1.txt');
    await page.locator('#recChannel option[value="e5"]').waitFor({ state: 'attached', timeout: 10000 });
    await page.locator('#recChannel').selectOption('e5');
    await page.locator('#recSite').selectOption('flexor');
    await page.locator('#playRec').click();
    await page.locator('#playing', { hasText: 'recording on flexor' }).waitFor({ timeout: 5000 });
    await page.locator('.site[data-site="flexor"] .effort-now', { hasText: 'replay' }).waitFor({ timeout: 5000 });
    await page.locator('#stopPlay').click();
    await page.locator('#playing').waitFor({ state: 'hidden', timeout: 5000 });
  });

  test('screenshot of the page holding a cup (artifacts/sim-page.png)', async () => {
    await page.locator('[data-speed="10"]').click();
    await page.locator('#state', { hasText: /ready|holding/ }).waitFor({ timeout: 10000 });
    await page.keyboard.down('e'); // open first: the scenario left the hand closed
    await waitForFingers(page, 'open');
    await page.keyboard.up('e');
    await page.locator('[data-speed="1"]').click();
    await page.locator('#placeCup').click();
    await page.keyboard.down('f');
    await page.locator('#handView g[data-object="cup"]').waitFor({ timeout: 5000 });
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#handView g.finger')).every((g) => g.getAttribute('data-stalled') === 'true'), undefined, { timeout: 10000 });
    await page.keyboard.up('f');
    await page.waitForTimeout(500);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sim-page.png'), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACTS, 'sim-page.png')).size).toBeGreaterThan(20000);
    expect(pageErrors).toEqual([]);
  });
});
