// The dashboard in headless Chromium, driven over the DevTools protocol by puppeteer-core (no browser
// download: the system chromium). Run by tests/browser/dashboard_browser_test.cpp, which starts the
// simulator and `dealer run`, passes what this needs in the environment, restarts the bot when asked
// (the file `restart` in DEALER_WORK, answered by `restarted`) and checks the history afterwards.
// Each step's screenshot goes to DEALER_SCREENSHOTS. Exit 0: every step passed; else 1, with the
// step's name and a failure screenshot.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const dashboard = env('DEALER_DASHBOARD');  // http://127.0.0.1:PORT
const token = env('DEALER_TOKEN');
const simulator = env('DEALER_SIM');        // http://127.0.0.1:PORT of the MtGox API
const work = env('DEALER_WORK');
const shots = env('DEALER_SCREENSHOTS');
const lateBidConfig = fs.readFileSync(env('DEALER_LATE_BID_CONFIG'));  // the configuration with rule late-bid
const configPath = env('DEALER_CONFIG');
const timeout = 15000;

fs.mkdirSync(shots, { recursive: true });
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealer-chromium-'));
const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         `--user-data-dir=${userDataDir}`],
});
let page;
let step = 'start';
const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const simOrders = async () => (await fetch(`${simulator}/sim/mtgox/orders`)).json();
const simState = async (oid) => ((await simOrders()).find((o) => o.oid === oid) || {}).state;
async function until(what, check) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const state = () => page.evaluate(() => window.dealerState);
const api = (p, init = {}) => fetch(`${dashboard}${p}`, init);
// A click in the page's own thread: the element cannot be replaced between finding and clicking it.
const click = (selector) => page.$eval(selector, (element) => element.click());

try {
  step = 'log in with the link and list what the history holds';
  page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const opened = await page.goto(`${dashboard}/?token=${token}`);
  if (opened.status() !== 200 || new URL(page.url()).search !== '') throw new Error(`landed on ${page.url()} (${opened.status()})`);
  await page.waitForFunction(() => window.dealerState && document.querySelectorAll('#orders tbody tr').length > 0, { timeout });
  const listed = await page.evaluate(() => ({
    orders: [...document.querySelectorAll('#orders tbody tr')].map((tr) => tr.dataset.order),
    fills: [...document.querySelectorAll('#fills tbody tr')].map((tr) => tr.dataset.fill),
  }));
  fs.writeFileSync(path.join(work, 'page-lists.json'), JSON.stringify(listed));
  await shot('01-live');

  step = 'a wrong or missing token gets 401 and the login page';
  for (const auth of [undefined, 'Bearer wrong', `Bearer ${token}x`]) {
    const answer = await api('/api/halt', { method: 'POST', headers: auth ? { Authorization: auth } : {} });
    if (answer.status !== 401) throw new Error(`POST /api/halt with ${auth}: ${answer.status}`);
  }
  const stranger = await browser.createBrowserContext();
  const login = await stranger.newPage();
  const refused = await login.goto(`${dashboard}/`);
  if (refused.status() !== 401) throw new Error(`GET / without the cookie: ${refused.status()}`);
  await login.type('#token', 'not-the-token');
  const [submitted] = await Promise.all([login.waitForNavigation(), login.click('#login')]);
  if (submitted.status() !== 401) throw new Error(`a wrong token at the login: ${submitted.status()}`);
  await login.screenshot({ path: path.join(shots, '02-wrong-token.png') });
  await stranger.close();

  step = 'a cross-origin POST carrying the cookie is refused';
  // Another port of the same host is the same site: the browser sends the SameSite=Strict cookie,
  // and only the Origin check stops the request.
  const other = await browser.newPage();
  await other.goto(`${simulator}/sim/mtgox/orders`);
  await other.evaluate((url) => fetch(`${url}/api/halt`, { method: 'POST', mode: 'no-cors', credentials: 'include' }), dashboard);
  await other.close();
  const afterCross = await (await api('/api/state', { headers: { Authorization: `Bearer ${token}` } })).json();
  if (afterCross.status.halted) throw new Error('the cross-origin POST halted the bot');

  step = 'a click on cancel cancels that order at the simulator';
  const park = (await state()).status.open_orders.find((o) => o.client_id === 1);
  if (!park) throw new Error('park (order 1) is not listed');
  await click('button[data-cancel="1"]');
  await until('park cancelled at the simulator', async () => (await simState(park.exchange_id)) === 'cancelled');
  await page.waitForFunction(() => !document.querySelector('#orders tr[data-order="1"]'), { timeout });
  await shot('03-cancelled');

  step = 'a paused strategy places nothing while every trade crosses its trigger';
  await click('button[data-pause="dip-chain"]');
  await page.waitForFunction(() => window.dealerState.status.strategies[0].paused, { timeout });
  fs.writeFileSync(configPath, lateBidConfig);
  await click('#reload');
  await page.waitForFunction(() => /configuration reloaded/.test(document.getElementById('notice').textContent), { timeout });
  const last = (await state()).trades.at(-1).time_us;
  await page.waitForFunction((t) => window.dealerState.trades.filter((x) => x.time_us > t).length >= 20, { timeout }, last);
  const whilePaused = await state();
  if (whilePaused.status.open_orders.length !== 0) throw new Error(`placed while paused: ${JSON.stringify(whilePaused.status.open_orders)}`);
  if ((await simOrders()).some((o) => o.state === 'open')) throw new Error('an order is open at the simulator while paused');
  await shot('04-paused');

  step = 'resumed, it places';
  await click('button[data-resume="dip-chain"]');
  await page.waitForFunction(() => window.dealerState.status.open_orders.some((o) => o.price === '12' && o.state === 'open'), { timeout });
  const lateBid = (await state()).status.open_orders.find((o) => o.price === '12');
  await until('late-bid open at the simulator', async () => (await simState(lateBid.exchange_id)) === 'open');
  await shot('05-resumed');

  step = 'the kill switch halts and cancels everything';
  await click('#halt');
  await page.waitForFunction(() => /HALTED/.test(document.getElementById('halted').textContent), { timeout });
  await until('nothing open at the simulator', async () => !(await simOrders()).some((o) => o.state === 'open'));
  await page.waitForFunction(() => document.querySelectorAll('#orders tbody tr').length === 0, { timeout });
  await shot('06-halted');

  step = 'a page left open across a restart says so and reconnects';
  fs.writeFileSync(path.join(work, 'restart'), '');
  await page.waitForFunction(() => document.getElementById('connection').textContent === 'disconnected', { timeout });
  await shot('07-disconnected');
  await page.waitForFunction(() => /reconnected at .* unreachable from/.test(document.getElementById('notice').textContent) &&
                                   document.getElementById('connection').textContent === 'live', { timeout });
  await shot('08-reconnected');
  console.log('browser test: every step passed');
} catch (e) {
  console.error(`browser test: step "${step}" failed: ${e.message}`);
  if (page) await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
