// Example front-end: a learner's course page and a teacher's report, kept up to date by the
// completionChanged subscription. No framework: each view is a query and a render function,
// and every change the service announces re-reads the view.
import { connect } from './api.js';

const params = new URLSearchParams(location.search);
const apiUrl = params.get('api') ?? 'http://localhost:8080';
const $ = (id) => document.getElementById(id);

const LEARNER = `query Learner($c: ID!) {
  course(id: $c) {
    fullName progress
    activities {
      id name modName
      completionSettings { tracking }
      completion { state conditions { rule status description } }
    }
  }
}`;
const REPORT = `query Report($c: ID!) {
  courseCompletionReport(courseId: $c, first: 100) {
    activities { id name }
    rows { user { id fullName } progress completions { activityId state } }
  }
}`;
const CHANGES = `subscription Changes($c: ID!) { completionChanged(courseId: $c) { activityId userId state } }`;
const MARK = `mutation Mark($a: ID!, $done: Boolean!) { setManualCompletion(activityId: $a, completed: $done) { state } }`;

let api = null;
let courseId = null;
let view = 'learner';

const done = (state) => state === 'COMPLETE' || state === 'COMPLETE_PASS';
const tick = (state) => (done(state) ? '✔' : state === 'COMPLETE_FAIL' ? '✘' : '○');
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (progress) => (progress == null ? 'not tracked' : `${Math.round(progress)} %`);

function renderLearner({ course }) {
  const rows = course.activities.map(({ id, name, modName, completionSettings, completion }) => {
    const tracked = completionSettings.tracking !== 'NONE';
    const manual = completionSettings.tracking === 'MANUAL';
    const conditions = completion.conditions
      .map((c) => `<li>${escape(c.description)}: ${done(c.status) ? 'done' : 'to do'}</li>`).join('');
    return `<tr id="activity-${id}" class="state-${completion.state}" data-state="${completion.state}">
      <td class="tick">${tracked ? tick(completion.state) : ''}</td>
      <td>${escape(name)} <small>(${escape(modName)})</small><ul class="conditions">${conditions}</ul></td>
      <td>${manual ? `<button data-mark="${id}" data-done="${!done(completion.state)}">
        ${done(completion.state) ? 'Mark not done' : 'Mark done'}</button>` : ''}</td>
    </tr>`;
  });
  return `<h2>${escape(course.fullName)}</h2>
    <p>Progress: <progress max="100" value="${course.progress ?? 0}"></progress>
      <span id="progress">${percent(course.progress)}</span></p>
    <table><tbody>${rows.join('')}</tbody></table>`;
}

function renderReport({ courseCompletionReport: report }) {
  const head = report.activities.map((a) => `<th>${escape(a.name)}</th>`).join('');
  const rows = report.rows.map(({ user, progress, completions }) => {
    const cells = completions.map(({ activityId, state }) =>
      `<td id="cell-${user.id}-${activityId}" class="state-${state}" data-state="${state}">
        <span class="tick">${tick(state)}</span></td>`);
    return `<tr><th>${escape(user.fullName)}</th>${cells.join('')}<td>${percent(progress)}</td></tr>`;
  });
  return `<h2>Course report</h2>
    <table><thead><tr><th>User</th>${head}<th>Progress</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// Re-reads the current view; changes that arrive meanwhile lead to one more read, not many.
let reading = null;
let readAgain = false;
async function refresh() {
  if (reading) {
    readAgain = true;
    return reading;
  }
  reading = (async () => {
    do {
      readAgain = false;
      try {
        const html = view === 'learner'
          ? renderLearner(await api.request(LEARNER, { c: courseId }))
          : renderReport(await api.request(REPORT, { c: courseId }));
        $('view').innerHTML = html;
        $('error').hidden = true;
      } catch (e) {
        $('error').textContent = e.message;
        $('error').hidden = false;
      }
    } while (readAgain);
  })();
  await reading;
  reading = null;
}

async function signIn(token, course) {
  api = connect(apiUrl, token);
  courseId = course;
  const { me } = await api.request('{ me { username fullName } }');
  sessionStorage.setItem('token', token);
  $('who').textContent = `${me.fullName} (${me.username})`;
  $('sign-in').hidden = true;
  $('app').hidden = false;
  // After every (re)connection the view is read again, so nothing missed while offline stays stale.
  api.sockets.on('connected', () => { $('live').hidden = false; refresh(); });
  api.sockets.on('closed', () => { $('live').hidden = true; });
  api.subscribe(CHANGES, { c: courseId }, refresh, (e) => {
    $('error').textContent = `Live updates stopped: ${e.message ?? e}`;
    $('error').hidden = false;
  });
  await refresh();
}

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await signIn($('token').value.trim(), $('course').value);
  } catch (e) {
    $('sign-in-error').textContent = `Sign-in failed: ${e.message}`;
    $('sign-in-error').hidden = false;
  }
});
$('show-learner').addEventListener('click', () => { view = 'learner'; refresh(); });
$('show-report').addEventListener('click', () => { view = 'report'; refresh(); });
$('sign-out').addEventListener('click', () => { sessionStorage.removeItem('token'); location.reload(); });
$('view').addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-mark]');
  if (button) {
    await api.request(MARK, { a: button.dataset.mark, done: button.dataset.done === 'true' });
    refresh();
  }
});

$('course').value = params.get('course') ?? '1';
if (params.get('view') === 'report') view = 'report';
if (sessionStorage.getItem('token')) $('token').value = sessionStorage.getItem('token');
