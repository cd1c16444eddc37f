package org.activitycompletion.moodlews;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.activitycompletion.activity.ActivityDirectory;
import org.activitycompletion.activity.ActivityInfo;
import org.activitycompletion.completion.CompletionReadService;
import org.activitycompletion.completion.CompletionService;
import org.activitycompletion.completion.CompletionState;
import org.activitycompletion.completion.CompletionStatus;
import org.activitycompletion.modules.forum.ForumPost;
import org.activitycompletion.modules.forum.ForumService;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Identity;
import org.activitycompletion.user.AppUser;
import org.activitycompletion.user.UserService;

/**
 * The Moodle web-service functions this service answers, each a thin translation onto the
 * same application services GraphQL uses. Results are maps and lists in Moodle's key order.
 */
@ApplicationScoped
public class WsFunctions {

    static final String RELEASE = "4.5 (Build: activity-completion-service)";
    static final String VERSION = "2024100700";

    @Inject
    UserService users;

    @Inject
    AccessPolicy access;

    @Inject
    CompletionService completion;

    @Inject
    CompletionReadService reads;

    @Inject
    ActivityDirectory activities;

    @Inject
    ForumService forums;

    private final Map<String, Function<WsParameters, Object>> functions = new TreeMap<>();

    WsFunctions() {
        functions.put("core_webservice_get_site_info", this::siteInfo);
        functions.put("core_completion_get_activities_completion_status", this::activitiesCompletionStatus);
        functions.put("core_completion_update_activity_completion_status_manually", this::updateManually);
        functions.put("core_completion_override_activity_completion_status", this::override);
        for (String[] view : new String[][] {{"page", "pageid"}, {"resource", "resourceid"}, {"url", "urlid"},
            {"forum", "forumid"}, {"assign", "assignid"}, {"quiz", "quizid"}}) {
            functions.put("mod_" + view[0] + "_view_" + view[0], p -> view(p, view[0], view[1]));
        }
        functions.put("mod_forum_add_discussion", this::addDiscussion);
        functions.put("mod_forum_add_discussion_post", this::addDiscussionPost);
        functions.put("mod_forum_delete_post", this::deletePost);
    }

    /** Runs a function; the caller is already authenticated. */
    Object call(String name, WsParameters parameters) {
        Function<WsParameters, Object> function = name == null ? null : functions.get(name);
        if (function == null) {
            throw MoodleException.missingRecord("external_functions");
        }
        return function.apply(parameters);
    }

    Set<String> names() {
        return functions.keySet();
    }

    private Object siteInfo(WsParameters p) {
        p.allow();
        Identity identity = access.identity();
        AppUser user = users.me();
        int space = user.fullName.indexOf(' ');
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sitename", "Activity Completion Service");
        info.put("username", user.username);
        info.put("firstname", space < 0 ? user.fullName : user.fullName.substring(0, space));
        info.put("lastname", space < 0 ? "" : user.fullName.substring(space + 1));
        info.put("fullname", user.fullName);
        info.put("lang", "en");
        info.put("userid", user.id);
        info.put("siteurl", "");
        info.put("userpictureurl", "");
        info.put("functions", functions.keySet().stream().map(f -> single("name", f, "version", VERSION)).toList());
        info.put("downloadfiles", 0L);
        info.put("uploadfiles", 0L);
        info.put("release", RELEASE);
        info.put("version", VERSION);
        info.put("mobilecssurl", "");
        info.put("advancedfeatures", List.of(single("name", "enablecompletion", "value", 1L)));
        info.put("usercanmanageownfiles", false);
        info.put("userquota", 0L);
        info.put("usermaxuploadfilesize", 0L);
        info.put("userhomepage", 1L);
        info.put("siteid", 1L);
        info.put("sitecalendartype", "gregorian");
        info.put("usercalendartype", "gregorian");
        info.put("userissiteadmin", identity.siteAdmin());
        info.put("theme", "boost");
        return info;
    }

    private Object activitiesCompletionStatus(WsParameters p) {
        p.allow("courseid", "userid");
        long courseId = p.requiredInt("courseid");
        long userId = p.requiredInt("userid");
        List<Map<String, Object>> statuses = reads.statuses(courseId, userId).stream().map(WsFunctions::status).toList();
        return single("statuses", statuses, "warnings", List.of());
    }

    /** One entry in Moodle 4.4+'s shape. */
    private static Map<String, Object> status(CompletionStatus s) {
        ActivityInfo a = s.activity();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cmid", a.id());
        status.put("modname", a.modName());
        status.put("instance", a.instance());
        status.put("state", (long) s.state().moodleValue());
        status.put("timecompleted", epoch(s.timeModified()));
        status.put("tracking", (long) s.tracking().moodleValue());
        status.put("overrideby", s.overriddenBy());
        status.put("valueused", false);
        status.put("hascompletion", s.tracking().moodleValue() != 0);
        status.put("isautomatic", s.tracking().moodleValue() == 2);
        status.put("istrackeduser", s.trackedUser());
        status.put("uservisible", a.visible() || !s.trackedUser());
        status.put("details", s.conditions().stream().map(c -> single("rulename", c.rule(),
                "rulevalue", single("status", (long) c.status().moodleValue(), "description", c.description()))).toList());
        status.put("isoverallcomplete", s.overallComplete());
        return status;
    }

    private Object updateManually(WsParameters p) {
        p.allow("cmid", "completed");
        completion.setManualCompletion(p.requiredInt("cmid"), p.requiredBool("completed"), null);
        return statusTrue();
    }

    private Object override(WsParameters p) {
        p.allow("userid", "cmid", "newstate");
        long userId = p.requiredInt("userid");
        long cmid = p.requiredInt("cmid");
        long newState = p.requiredInt("newstate");
        if (newState != 0 && newState != 1) {
            throw new MoodleException("moodle_exception", "err_system", "Unexpected manual completion state");
        }
        CompletionStatus s = completion.overrideCompletion(cmid, userId,
                CompletionState.fromMoodleValue((int) newState));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cmid", cmid);
        result.put("userid", userId);
        result.put("state", (long) s.state().moodleValue());
        result.put("timecompleted", epoch(s.timeModified()));
        result.put("overrideby", s.overriddenBy());
        result.put("tracking", (long) s.tracking().moodleValue());
        return result;
    }

    private Object view(WsParameters p, String modName, String idKey) {
        p.allow(idKey);
        ActivityInfo activity = activities.requireByInstance(modName, p.requiredInt(idKey));
        completion.recordView(activity.id(), null);
        return statusTrue();
    }

    private Object addDiscussion(WsParameters p) {
        p.allow("forumid", "subject", "message", "groupid", "options");
        ActivityInfo forum = activities.requireByInstance("forum", p.requiredInt("forumid"));
        p.optionalInt("groupid", 0);
        if (!p.isStructure("options")) {
            throw MoodleException.invalidParameter();
        }
        ForumPost post = forums.addDiscussion(forum.id(), p.requiredText("subject"), p.requiredText("message"), null);
        return single("discussionid", post.discussionId, "warnings", List.of());
    }

    private Object addDiscussionPost(WsParameters p) {
        p.allow("postid", "subject", "message", "messageformat", "options");
        p.requiredText("subject");
        p.optionalInt("messageformat", 1);
        if (!p.isStructure("options")) {
            throw MoodleException.invalidParameter();
        }
        ForumPost post = forums.addReply(p.requiredInt("postid"), p.requiredText("message"), null);
        return single("postid", post.id, "warnings", List.of());
    }

    private Object deletePost(WsParameters p) {
        p.allow("postid");
        forums.deletePost(p.requiredInt("postid"));
        return statusTrue();
    }

    private static Map<String, Object> statusTrue() {
        return single("status", true, "warnings", List.of());
    }

    private static long epoch(Instant time) {
        return time == null ? 0L : time.getEpochSecond();
    }

    private static Map<String, Object> single(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
