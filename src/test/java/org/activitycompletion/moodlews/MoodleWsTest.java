package org.activitycompletion.moodlews;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.activitycompletion.support.Db;
import org.activitycompletion.support.EmbeddedPostgresResource;
import org.activitycompletion.support.Fixtures;
import org.activitycompletion.support.Fixtures.Person;
import org.activitycompletion.support.Gql;
import org.junit.jupiter.api.Test;

/** Moodle's REST protocol: each function in JSON and XML, successes and errors, against PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MoodleWsTest {

    static final String SERVER = "/webservice/rest/server.php";
    static final String STATUS_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n<SINGLE>\n"
            + "<KEY name=\"status\"><VALUE>1</VALUE>\n</KEY>\n<KEY name=\"warnings\"><MULTIPLE>\n</MULTIPLE>\n</KEY>\n"
            + "</SINGLE>\n</RESPONSE>\n";

    @Inject
    DataSource dataSource;

    /** Calls by POST form (GET when {@code get}); returns the raw response. */
    static Response call(boolean get, String token, String function, String format, Object... args) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (token != null) {
            params.put("wstoken", token);
        }
        params.put("wsfunction", function);
        if (format != null) {
            params.put("moodlewsrestformat", format);
        }
        for (int i = 0; i < args.length; i += 2) {
            params.put((String) args[i], args[i + 1]);
        }
        Response response = get ? given().queryParams(params).get(SERVER) : given().formParams(params).post(SERVER);
        assertEquals(200, response.statusCode(), "Moodle answers 200 even for errors");
        return response;
    }

    static JsonPath json(String token, String function, Object... args) {
        Response r = call(false, token, function, "json", args);
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        return r.jsonPath();
    }

    static String xml(String token, String function, Object... args) {
        Response r = call(true, token, function, null, args);
        assertTrue(r.contentType().startsWith("application/xml"), r.contentType());
        return r.asString();
    }

    static String errorCode(String token, String function, Object... args) {
        String code = json(token, function, args).getString("errorcode");
        String xml = xml(token, function, args);
        assertTrue(xml.contains("<ERRORCODE>" + code + "</ERRORCODE>"), xml);
        return code;
    }

    static String instance(String activity) {
        return Gql.admin().ok("query($a: ID!) { activity(id: $a) { instance } }", "a", activity).getString("activity.instance");
    }

    @Test
    void siteInfo() {
        Person alice = Fixtures.person("alice");
        JsonPath info = json(alice.token(), "core_webservice_get_site_info");
        assertEquals(alice.username(), info.getString("username"));
        assertEquals(Long.parseLong(alice.id()), info.getLong("userid"));
        assertEquals(false, info.getBoolean("userissiteadmin"));
        assertTrue(info.getList("functions.name").contains("core_completion_get_activities_completion_status"));
        String xml = xml(alice.token(), "core_webservice_get_site_info");
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n<SINGLE>\n<KEY name=\"sitename\">"
                + "<VALUE>Activity Completion Service</VALUE>\n</KEY>\n"), xml);
        assertTrue(xml.contains("<KEY name=\"userissiteadmin\"><VALUE>0</VALUE>\n</KEY>"), xml);
    }

    /**
     * Text XML 1.0 cannot carry (control characters other than tab and line breaks, U+FFFF) is
     * dropped, so a stored name can never make a response that a parser refuses.
     */
    @Test
    void xmlIsWellFormedWhateverTheStoredText() throws Exception {
        String fullName = "Ann\u0001e\u001b \"Q\" <b>&amp;\tO'Neil\uFFFF \uD835\uDD4F";
        String id = Gql.admin().ok("mutation($u: String!, $f: String!) { createUser(username: $u, fullName: $f) { id } }",
                "u", Fixtures.unique("ctl"), "f", fullName).getString("createUser.id");
        String token = Gql.admin().ok("mutation($id: ID!) { issueToken(userId: $id) }", "id", id).getString("issueToken");
        String xml = xml(token, "core_webservice_get_site_info");
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        org.w3c.dom.Document document = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(
                new java.io.StringReader(xml)));
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        assertEquals("Anne \"Q\" <b>&amp;\tO'Neil \uD835\uDD4F",
                xpath.evaluate("/RESPONSE/SINGLE/KEY[@name='fullname']/VALUE", document),
                "the forbidden characters are gone, the rest survives escaping");
    }

    @Test
    void authenticationAndProtocolErrors() {
        Response json = call(false, "nope", "core_webservice_get_site_info", "json");
        assertEquals("{\"exception\":\"moodle_exception\",\"errorcode\":\"invalidtoken\","
                + "\"message\":\"Invalid token - token not found\"}", json.asString());
        Response xml = call(true, null, "core_webservice_get_site_info", "xml");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<EXCEPTION class=\"moodle_exception\">\n"
                + "<ERRORCODE>invalidtoken</ERRORCODE>\n<MESSAGE>Invalid token - token not found</MESSAGE>\n"
                + "</EXCEPTION>\n", xml.asString());
        Person alice = Fixtures.person("alice");
        assertEquals("invalidrecord", errorCode(alice.token(), "core_no_such_function"));
        assertEquals("invalidparameter", errorCode(alice.token(), "core_webservice_get_site_info", "unexpected", "1"));
    }

    @Test
    void activitiesCompletionStatusInMoodlesShapes() {
        String course = Fixtures.course(true);
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        Person alice = Fixtures.enrolled(course, "STUDENT");
        Person bob = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");

        // Before anything happens: state 0, timecompleted 0, one detail with status 0.
        String before = call(false, alice.token(), "core_completion_get_activities_completion_status", "json",
                "courseid", course, "userid", alice.id()).asString();
        String pageEntry = "{\"cmid\":" + page + ",\"modname\":\"page\",\"instance\":" + instance(page) + ",\"state\":0,"
                + "\"timecompleted\":0,\"tracking\":2,\"overrideby\":null,\"valueused\":false,\"hascompletion\":true,"
                + "\"isautomatic\":true,\"istrackeduser\":true,\"uservisible\":true,\"details\":[{\"rulename\":\"completionview\","
                + "\"rulevalue\":{\"status\":0,\"description\":\"View\"}}],\"isoverallcomplete\":false}";
        String labelEntry = "{\"cmid\":" + label + ",\"modname\":\"label\",\"instance\":" + instance(label) + ",\"state\":0,"
                + "\"timecompleted\":0,\"tracking\":1,\"overrideby\":null,\"valueused\":false,\"hascompletion\":true,"
                + "\"isautomatic\":false,\"istrackeduser\":true,\"uservisible\":true,\"details\":[],\"isoverallcomplete\":false}";
        assertEquals("{\"statuses\":[" + pageEntry + "," + labelEntry + "],\"warnings\":[]}", before);

        String xml = xml(teacher.token(), "core_completion_get_activities_completion_status", "courseid", course,
                "userid", alice.id());
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n<SINGLE>\n<KEY name=\"statuses\">"
                + "<MULTIPLE>\n<SINGLE>\n<KEY name=\"cmid\"><VALUE>" + page + "</VALUE>\n</KEY>\n"), xml);
        assertTrue(xml.contains("<KEY name=\"overrideby\"><VALUE null=\"null\"/>\n</KEY>\n"), xml);
        assertTrue(xml.contains("<KEY name=\"details\"><MULTIPLE>\n<SINGLE>\n<KEY name=\"rulename\"><VALUE>completionview"
                + "</VALUE>\n</KEY>\n<KEY name=\"rulevalue\"><SINGLE>\n<KEY name=\"status\"><VALUE>0</VALUE>\n</KEY>\n"
                + "<KEY name=\"description\"><VALUE>View</VALUE>\n</KEY>\n</SINGLE>\n</KEY>\n</SINGLE>\n</MULTIPLE>\n</KEY>\n"), xml);
        assertTrue(xml.endsWith("<KEY name=\"warnings\"><MULTIPLE>\n</MULTIPLE>\n</KEY>\n</SINGLE>\n</RESPONSE>\n"), xml);

        assertEquals("nopermissions", errorCode(bob.token(), "core_completion_get_activities_completion_status",
                "courseid", course, "userid", alice.id()));
        assertEquals("invalidparameter", errorCode(alice.token(), "core_completion_get_activities_completion_status",
                "courseid", "abc", "userid", alice.id()));
        assertEquals("invalidparameter", errorCode(alice.token(), "core_completion_get_activities_completion_status",
                "courseid", course));
        assertEquals("invalidrecord", errorCode(alice.token(), "core_completion_get_activities_completion_status",
                "courseid", "999999999", "userid", alice.id()));
        assertEquals("requireloginerror", errorCode(teacher.token(), "core_completion_get_activities_completion_status",
                "courseid", course, "userid", Fixtures.person("x").id()));
    }

    @Test
    void viewsManualTicksAndOverrides() {
        String course = Fixtures.course(true);
        Person teacher = Fixtures.enrolled(course, "TEACHER");
        Person alice = Fixtures.enrolled(course, "STUDENT");
        String page = Fixtures.activity(course, "page", "{tracking: AUTOMATIC, requireView: true}");
        String label = Fixtures.activity(course, "label", "{tracking: MANUAL}");

        assertEquals("{\"status\":true,\"warnings\":[]}", call(false, alice.token(), "mod_page_view_page", "json",
                "pageid", instance(page)).asString());
        assertEquals("COMPLETE", state(alice, page));
        assertEquals(STATUS_XML, xml(alice.token(), "mod_page_view_page", "pageid", instance(page)));
        assertEquals(0, Db.statements(() -> call(false, alice.token(), "mod_page_view_page", "json",
                "pageid", instance(page))), "a repeat view through Moodle's endpoint runs no SQL either");
        assertEquals("invalidrecord", errorCode(alice.token(), "mod_page_view_page", "pageid", "999999999"));

        assertTrue(json(alice.token(), "core_completion_update_activity_completion_status_manually", "cmid", label,
                "completed", "1").getBoolean("status"));
        assertEquals("COMPLETE", state(alice, label));
        assertTrue(json(alice.token(), "core_completion_update_activity_completion_status_manually", "cmid", label,
                "completed", "false").getBoolean("status"));
        assertEquals("INCOMPLETE", state(alice, label));
        assertEquals("cannotmanualctrack", errorCode(alice.token(),
                "core_completion_update_activity_completion_status_manually", "cmid", page, "completed", "1"));
        assertEquals("invalidparameter", errorCode(alice.token(),
                "core_completion_update_activity_completion_status_manually", "cmid", label, "completed", "maybe"));

        JsonPath overridden = json(teacher.token(), "core_completion_override_activity_completion_status",
                "userid", alice.id(), "cmid", label, "newstate", "1");
        assertEquals(1, overridden.getInt("state"));
        assertEquals(Long.parseLong(teacher.id()), overridden.getLong("overrideby"));
        assertEquals(1, overridden.getInt("tracking"));
        assertTrue(overridden.getLong("timecompleted") > 1_700_000_000L);
        assertEquals("nopermissions", errorCode(alice.token(), "core_completion_override_activity_completion_status",
                "userid", alice.id(), "cmid", label, "newstate", "1"));
        String overrideXml = xml(teacher.token(), "core_completion_override_activity_completion_status",
                "userid", alice.id(), "cmid", label, "newstate", "0");
        assertTrue(overrideXml.contains("<KEY name=\"state\"><VALUE>0</VALUE>\n</KEY>\n"), overrideXml);
        assertTrue(overrideXml.contains("<KEY name=\"overrideby\"><VALUE>" + teacher.id() + "</VALUE>"), overrideXml);
        assertEquals(STATUS_XML, xml(alice.token(), "core_completion_update_activity_completion_status_manually",
                "cmid", label, "completed", "1"));
        assertEquals("err_system", errorCode(teacher.token(), "core_completion_override_activity_completion_status",
                "userid", alice.id(), "cmid", label, "newstate", "2"));

        String other = Fixtures.course(false);
        Person carol = Fixtures.enrolled(other, "STUDENT");
        String off = Fixtures.activity(other, "label", "{tracking: MANUAL}");
        assertEquals("completionnotenabled", errorCode(carol.token(),
                "core_completion_update_activity_completion_status_manually", "cmid", off, "completed", "1"));
    }

    @Test
    void everyViewFunctionRecordsAView() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        for (String mod : List.of("page", "resource", "url", "forum", "assign", "quiz")) {
            String activity = Fixtures.activity(course, mod, "{tracking: AUTOMATIC, requireView: true}");
            assertTrue(json(alice.token(), "mod_" + mod + "_view_" + mod, mod + "id", instance(activity)).getBoolean("status"));
            assertEquals("COMPLETE", state(alice, activity), mod);
            assertEquals(STATUS_XML, xml(alice.token(), "mod_" + mod + "_view_" + mod, mod + "id", instance(activity)));
        }
    }

    @Test
    void forumFunctions() {
        String course = Fixtures.course(true);
        Person alice = Fixtures.enrolled(course, "STUDENT");
        Person bob = Fixtures.enrolled(course, "STUDENT");
        String forum = Fixtures.activity(course, "forum", "{tracking: AUTOMATIC, customRules: [{name: \"completionposts\", value: 2}]}");
        JsonPath discussion = json(alice.token(), "mod_forum_add_discussion", "forumid", instance(forum),
                "subject", "Café / thé", "message", "<p>Hello</p>", "options[0][name]", "discussionsubscribe",
                "options[0][value]", "1");
        long discussionId = discussion.getLong("discussionid");
        long firstPost = Db.count(dataSource, "select id from forum_post where discussion_id = " + discussionId
                + " and parent_id is null");
        assertEquals("INCOMPLETE", state(alice, forum));
        long reply = json(alice.token(), "mod_forum_add_discussion_post", "postid", firstPost, "subject", "Re: Café",
                "message", "Me too").getLong("postid");
        assertEquals("COMPLETE", state(alice, forum));
        assertEquals("nopermissions", errorCode(bob.token(), "mod_forum_delete_post", "postid", reply));
        assertEquals("{\"status\":true,\"warnings\":[]}", call(false, alice.token(), "mod_forum_delete_post", "json",
                "postid", reply).asString());
        assertEquals("INCOMPLETE", state(alice, forum));
        assertEquals("invalidrecord", errorCode(alice.token(), "mod_forum_delete_post", "postid", reply));
        String discussionXml = xml(alice.token(), "mod_forum_add_discussion", "forumid", instance(forum), "subject", "A & B",
                "message", "x");
        assertTrue(discussionXml.matches("(?s).*<KEY name=\"discussionid\"><VALUE>\\d+</VALUE>.*"), discussionXml);
        long second = Db.count(dataSource, "select max(id) from forum_post where user_id = " + alice.id());
        assertTrue(xml(alice.token(), "mod_forum_add_discussion_post", "postid", second, "subject", "s", "message", "m")
                .matches("(?s).*<KEY name=\"postid\"><VALUE>\\d+</VALUE>.*"));
        assertEquals(STATUS_XML, xml(alice.token(), "mod_forum_delete_post", "postid", second));
        assertEquals("invalidparameter", errorCode(alice.token(), "mod_forum_add_discussion", "forumid", instance(forum),
                "subject", "", "message", "x"));
        assertEquals("Café / thé", subject(discussionId));
    }

    @Test
    void phpJsonEncoding() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", "Café / \"x\"");
        value.put("b", java.util.Arrays.asList(1L, true, null));
        assertEquals("{\"a\":\"Caf\\u00e9 \\/ \\\"x\\\"\",\"b\":[1,true,null]}", WsWriter.json(value));
        assertEquals("&lt;p&gt;Tom &amp; &quot;Jerry&quot; isn't&lt;/p&gt;", WsWriter.escapeXml("<p>Tom & \"Jerry\" isn't</p>"));
    }

    String subject(long discussionId) {
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("select subject from forum_discussion where id = " + discussionId)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String state(Person student, String activity) {
        return student.gql().ok("query($a: ID!) { activity(id: $a) { completion { state } } }", "a", activity)
                .getString("activity.completion.state");
    }
}
