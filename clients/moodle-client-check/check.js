// Runs one scenario through the third-party `moodle-client` library (Moodle's REST protocol)
// for one student, and the same scenario through GraphQL for another, then compares.
// Usage: BASE_URL=http://127.0.0.1:PORT ADMIN_TOKEN=... node check.js
"use strict";
const assert = require("node:assert/strict");
const moodleClient = require("moodle-client");

const base = process.env.BASE_URL;
const adminToken = process.env.ADMIN_TOKEN;
let passed = 0;
let failed = 0;

async function gql(token, query, variables = {}) {
  const response = await fetch(base + "/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) {
    throw new Error(JSON.stringify(body.errors));
  }
  return body.data;
}

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log("ok   " + name);
  } catch (e) {
    failed++;
    console.log("FAIL " + name + ": " + (e && e.stack ? e.stack : e));
  }
}

async function person(courseId, username, role) {
  const id = (await gql(adminToken, "mutation($u: String!) { createUser(username: $u, fullName: \"Check Person\") { id } }",
    { u: username })).createUser.id;
  const token = (await gql(adminToken, "mutation($id: ID!) { issueToken(userId: $id) }", { id })).issueToken;
  await gql(adminToken, "mutation($c: ID!, $u: ID!, $r: CourseRole!) { enrol(courseId: $c, userId: $u, role: $r) { role } }",
    { c: courseId, u: id, r: role });
  return { id, token, username };
}

/** The parts of a status both protocols carry, in Moodle's terms. */
function normalise(entry) {
  return {
    modname: entry.modname,
    state: entry.state,
    tracking: entry.tracking,
    overridden: entry.overridden,
    isoverallcomplete: entry.isoverallcomplete,
    details: entry.details,
  };
}

const STATES = { INCOMPLETE: 0, COMPLETE: 1, COMPLETE_PASS: 2, COMPLETE_FAIL: 3 };
const TRACKING = { NONE: 0, MANUAL: 1, AUTOMATIC: 2 };

async function main() {
  const run = Date.now().toString(36);
  const courseId = (await gql(adminToken, "mutation($s: String!) { createCourse(shortName: $s, fullName: \"Client check\") { id } }",
    { s: "CHK" + run })).createCourse.id;
  const teacher = await person(courseId, "teacher" + run, "TEACHER");
  const alice = await person(courseId, "alice" + run, "STUDENT");
  const bob = await person(courseId, "bob" + run, "STUDENT");
  const create = async (mod, completion) => (await gql(adminToken,
    `mutation($c: ID!) { createActivity(courseId: $c, modName: "${mod}", name: "${mod}", completion: ${completion}) { id instance } }`,
    { c: courseId })).createActivity;
  const page = await create("page", "{tracking: AUTOMATIC, requireView: true}");
  const label = await create("label", "{tracking: MANUAL}");
  const quiz = await create("quiz", "{tracking: AUTOMATIC, requireGrade: true}");

  const client = (token) => moodleClient.init({ wwwroot: base, token });
  const asAlice = await client(alice.token);
  const asTeacher = await client(teacher.token);

  await check("core_webservice_get_site_info", async () => {
    const info = await asAlice.call({ wsfunction: "core_webservice_get_site_info" });
    assert.equal(info.username, alice.username);
    assert.equal(String(info.userid), alice.id);
  });

  // The scenario, through the Moodle client for Alice.
  await check("mod_page_view_page", async () => {
    const result = await asAlice.call({ wsfunction: "mod_page_view_page", args: { pageid: page.instance } });
    assert.deepEqual(result, { status: true, warnings: [] });
  });
  await check("core_completion_update_activity_completion_status_manually (POST)", async () => {
    const on = await asAlice.call({ wsfunction: "core_completion_update_activity_completion_status_manually",
      args: { cmid: label.id, completed: 1 }, method: "POST" });
    assert.equal(on.status, true);
  });
  await check("core_completion_override_activity_completion_status", async () => {
    const result = await asTeacher.call({ wsfunction: "core_completion_override_activity_completion_status",
      args: { userid: alice.id, cmid: quiz.id, newstate: 1 } });
    assert.equal(result.state, 1);
    assert.equal(String(result.overrideby), teacher.id);
  });
  await check("an error comes back in Moodle's form", async () => {
    const result = await asAlice.call({ wsfunction: "core_completion_update_activity_completion_status_manually",
      args: { cmid: page.id, completed: 1 } });
    assert.equal(result.errorcode, "cannotmanualctrack");
  });

  // The same scenario through GraphQL for Bob.
  await gql(bob.token, "mutation($a: ID!) { recordView(activityId: $a) { state } }", { a: page.id });
  await gql(bob.token, "mutation($a: ID!) { setManualCompletion(activityId: $a, completed: true) { state } }", { a: label.id });
  await gql(teacher.token, "mutation($a: ID!, $u: ID!) { overrideCompletion(activityId: $a, userId: $u, state: COMPLETE) { state } }",
    { a: quiz.id, u: bob.id });

  await check("core_completion_get_activities_completion_status equals GraphQL for the same scenario", async () => {
    const ws = await asTeacher.call({ wsfunction: "core_completion_get_activities_completion_status",
      args: { courseid: courseId, userid: alice.id } });
    assert.deepEqual(ws.warnings, []);
    const viaWs = ws.statuses.map((s) => normalise({ ...s, overridden: s.overrideby !== null,
      details: s.details.map((d) => [d.rulename, d.rulevalue.status]) }));
    const data = await gql(teacher.token, `query($c: ID!, $u: ID!) { activitiesCompletionStatus(courseId: $c, userId: $u) {
        statuses { modName state tracking overriddenBy isOverallComplete conditions { rule status } } } }`,
      { c: courseId, u: bob.id });
    const viaGraphql = data.activitiesCompletionStatus.statuses.map((s) => normalise({ modname: s.modName,
      state: STATES[s.state], tracking: TRACKING[s.tracking], overridden: s.overriddenBy !== null,
      isoverallcomplete: s.isOverallComplete, details: s.conditions.map((c) => [c.rule, STATES[c.status]]) }));
    assert.equal(viaWs.length, 3);
    assert.deepEqual(viaWs, viaGraphql);
    assert.deepEqual(viaWs.map((s) => s.state), [1, 1, 1]);
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log("FAIL setup: " + (e && e.stack ? e.stack : e));
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
