// Screenshots for the README and docs: node docs/take-screenshots.js BASE_URL USER PASSWORD OUT_DIR
// Needs playwright-core (npm i playwright-core) and Debian's Chromium.
const { chromium } = require('playwright-core');
(async () => {
  const [,, base, user, pass, out] = process.argv;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await page.goto(base + '/');
  await page.screenshot({ path: `${out}/login.png` });
  await page.fill('#userName', user);
  await page.fill('#password', pass);
  await page.click('button[type=submit]');
  await page.waitForURL(u => !u.toString().includes('/account/login'));
  for (const [name, path] of [['overview', '/?org=D01&indicator=VOLUNTEERS'], ['upload', '/upload']]) {
    await page.goto(base + path);
    await page.locator('[data-interactive=true]').waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
