// Drives the example page in a real, headless Chromium (puppeteer-core; Debian's chromium):
// a learner signs in with an identity provider's JWT, a teacher with an API token; a view
// recorded through the API makes the tick appear on both pages without a reload.
// Environment: API, PAGE, ADMIN_TOKEN, IDP_KEY (PEM private key), IDP_ISSUER, CHROMIUM, SHOTS.
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const { API, PAGE, ADMIN_TOKEN, IDP_KEY, IDP_ISSUER, CHROMIUM = '/usr/bin/chromium', SHOTS = '.' } = process.env;
const WAIT = { timeout: 15000 };

async function gql(token, query, variables = {}) {
  const response = await fetch(`${API}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const { data, errors } = await response.json();
  if (errors?.length) throw new Error(`${query}: ${JSON.stringify(errors)}`);
  return data;
}

/** An RS256 JWT as an identity provider would issue it (the test stands in for the provider). */
function idpToken(username) {
  const part = (json) => Buffer.from(JSON.stringify(json)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({
    iss: IDP_ISSUER, sub: `idp-${username}`, preferred_username: username, iat: now, exp: now + 600,
  })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(readFileSync(IDP_KEY), 'base64url');
  return `${unsigned}.${signature}`;
}

// A course with a page completed by viewing it and a label ticked by hand.
const stamp = Date.now().toString(36);
const { createCourse: course } = await gql(ADMIN_TOKEN,
  'mutation($s: String!) { createCourse(shortName: $s, fullName: "Browser check course") { id } }', { s: `WEB-${stamp}` });
async function user(username, fullName, role) {
  const { createUser } = await gql(ADMIN_TOKEN,
    'mutation($u: String!, $f: String!) { createUser(username: $u, fullName: $f) { id username } }', { u: username, f: fullName });
  await gql(ADMIN_TOKEN, 'mutation($c: ID!, $u: ID!, $r: CourseRole!) { enrol(courseId: $c, userId: $u, role: $r) { role } }',
    { c: course.id, u: createUser.id, r: role });
  return createUser;
}
async function activity(modName, name, completion) {
  const { createActivity } = await gql(ADMIN_TOKEN, `mutation($c: ID!, $m: String!, $n: String!) {
    createActivity(courseId: $c, modName: $m, name: $n, completion: ${completion}) { id } }`, { c: course.id, m: modName, n: name });
  return createActivity.id;
}
const learner = await user(`lee-${stamp}`, 'Lee Learner', 'STUDENT');
const teacher = await user(`tess-${stamp}`, 'Tess Teacher', 'TEACHER');
const teacherToken = (await gql(ADMIN_TOKEN, 'mutation($u: ID!) { issueToken(userId: $u) }', { u: teacher.id })).issueToken;
const reading = await activity('page', 'Reading', '{tracking: AUTOMATIC, requireView: true}');
const checklist = await activity('label', 'Checklist', '{tracking: MANUAL}');
const learnerJwt = idpToken(learner.username);

const browser = await puppeteer.launch({
  executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'], protocolTimeout: 60000,
});
try {
  async function open(token, view) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (message) => console.log(`page (${view}):`, message.text()));
    await page.setViewport({ width: 1000, height: 600 });
    await page.goto(`${PAGE}/?api=${encodeURIComponent(API)}&course=${course.id}&view=${view}`);
    await page.type('#token', token);
    await page.click('#sign-in button');
    await page.waitForSelector('#live:not([hidden]), #sign-in-error:not([hidden])', WAIT);
    const failed = await page.$eval('#sign-in-error', (e) => (e.hidden ? null : e.textContent));
    if (failed) throw new Error(failed);
    await page.evaluate(() => { window.sameDocument = true; }); // gone if the page reloads
    return page;
  }
  const learnerPage = await open(learnerJwt, 'learner');
  const reportPage = await open(teacherToken, 'report');
  const onLearnerPage = (id, state) => learnerPage.waitForSelector(`#activity-${id}[data-state="${state}"]`, WAIT);
  const onReport = (id, state) => reportPage.waitForSelector(`#cell-${learner.id}-${id}[data-state="${state}"]`, WAIT);
  await onLearnerPage(reading, 'INCOMPLETE');
  await onReport(reading, 'INCOMPLETE');

  // The subscriptions are registered asynchronously after the sockets open: tick the checklist
  // through the API until both pages have followed two changes in a row (the second can only
  // have come through the subscription).
  let followed = 0;
  for (let done = true, tries = 0; followed < 2; done = !done, tries++) {
    if (tries === 20) throw new Error('the pages did not follow the checklist ticks');
    await gql(learnerJwt, 'mutation($a: ID!, $d: Boolean!) { setManualCompletion(activityId: $a, completed: $d) { state } }',
      { a: checklist, d: done });
    const state = done ? 'COMPLETE' : 'INCOMPLETE';
    const short = { timeout: 1500 };
    const seen = await Promise.all([
      learnerPage.waitForSelector(`#activity-${checklist}[data-state="${state}"]`, short),
      reportPage.waitForSelector(`#cell-${learner.id}-${checklist}[data-state="${state}"]`, short),
    ]).then(() => true, () => false);
    followed = seen ? followed + 1 : 0;
  }

  // The learner views the page through the API; the tick appears on both pages.
  await gql(learnerJwt, 'mutation($a: ID!) { recordView(activityId: $a) { state } }', { a: reading });
  await onLearnerPage(reading, 'COMPLETE');
  await onReport(reading, 'COMPLETE');
  const tick = await learnerPage.$eval(`#activity-${reading} .tick`, (cell) => cell.textContent.trim());
  if (tick !== '✔') throw new Error(`expected a tick, saw "${tick}"`);
  for (const page of [learnerPage, reportPage]) {
    if (!(await page.evaluate(() => window.sameDocument === true))) throw new Error('the page was reloaded');
  }

  // "Mark done" on the learner's page changes the checklist, and the teacher sees it.
  const before = await learnerPage.$eval(`#activity-${checklist}`, (row) => row.dataset.state);
  const after = before === 'COMPLETE' ? 'INCOMPLETE' : 'COMPLETE';
  await learnerPage.bringToFront(); // a click and a screenshot need the page in front
  await learnerPage.click(`button[data-mark="${checklist}"]`);
  await onLearnerPage(checklist, after);
  await onReport(checklist, after);

  await learnerPage.screenshot({ path: `${SHOTS}/web-example-learner.png` });
  await reportPage.bringToFront();
  await reportPage.screenshot({ path: `${SHOTS}/web-example-report.png` });
  console.log('browser check: the tick appeared live on the learner page and in the report (screenshots in ' + SHOTS + ')');
} finally {
  await browser.close();
}
