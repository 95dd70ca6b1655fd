// Screenshots of every view for the README and docs, at 1366×768 and at phone width (390 px):
//   node docs/take-screenshots.js BASE_URL USER PASSWORD OUT_DIR
// Needs playwright-core (npm i playwright-core) and Debian's Chromium; run against the demo (--demo).
const { chromium } = require('playwright-core');

// The month before this one: being collected during the first days of a month (its 报送中 marks), final after its deadline.
const now = new Date();
const previous = new Date(now.getFullYear(), now.getMonth() - 1, 1);
const collecting = `${previous.getFullYear()}-${String(previous.getMonth() + 1).padStart(2, '0')}`;

const views = [
  ['overview', '/?org=D01&indicator=VOLUNTEERS'],
  ['overview-collecting', `/?org=D01&indicator=STUDY_SESSIONS&period=${collecting}`],
  ['ranking-year', `/ranking?org=D01&period=${now.getFullYear()}`],
  ['bulletin', `/bulletin?org=D01&period=${collecting}`],
  ['ranking', '/ranking?org=D01'],
  ['ranking-rate', '/ranking?org=C&indicator=RECTIFICATION_RATE'],
  ['reporting', '/reporting?org=D01'],
  ['summary', '/summary?org=D01&year=2025'],
  ['summary-current', '/summary?org=D01'],
  ['targets', `/targets?org=D01&year=${now.getFullYear()}`],
  ['assessment', '/assessment?org=D01&year=2025'],
  ['unit', '/units/D01-S01-U001?year=2025'],
  ['submissions', '/submissions'],
  ['review', '/review?status=all'],
  ['upload', '/upload'],
  ['entry', '/entry?org=D01-S01-U001'],
  ['rollups', '/rollups'],
  ['admin-users', '/admin/users'],
  ['admin-organisations', '/admin/organisations'],
  ['admin-indicators', '/admin/indicators'],
  ['admin-rules', '/admin/rules'],
  ['admin-periods', '/admin/periods'],
  ['admin-audit', '/admin/audit'],
  ['admin-screens', '/admin/screens'],
  ['account', '/account'],
];
// The 大屏 is taken separately at 1920×1080 (docs/screenshots/screen-*.png), opened by its link without signing in.
const widths = [['', { width: 1366, height: 768 }], ['-phone', { width: 390, height: 844 }]];

(async () => {
  const [,, base, user, pass, out] = process.argv;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  for (const [suffix, viewport] of widths) {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    await page.goto(base + '/');
    await page.screenshot({ path: `${out}/login${suffix}.png` });
    await page.fill('#userName', user);
    await page.fill('#password', pass);
    await page.click('button[type=submit]');
    await page.waitForURL(u => !u.toString().includes('/account/login'));
    for (const [name, path] of views) {
      await page.goto(base + path);
      await page.locator('[data-interactive=true]').waitFor();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${out}/${name}${suffix}.png`, fullPage: true });
      // The 通报 as it prints: the PDF a department head receives.
      if (name === 'bulletin' && suffix === '') await page.pdf({ path: `${out}/bulletin-print.pdf`, preferCSSPageSize: true });
    }
    await page.close();
  }
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
