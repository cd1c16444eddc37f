package org.activitycompletion.demo;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.StartupEvent;
import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.activity.CompletionSettingsRequest;
import org.activitycompletion.activity.CompletionSettingsRequest.RuleSetting;
import org.activitycompletion.completion.CompletionTracking;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.CourseService;
import org.activitycompletion.course.Enrolment;
import org.activitycompletion.modules.forum.ForumModule;
import org.activitycompletion.security.AdminBootstrap;
import org.activitycompletion.security.TokenService;
import org.activitycompletion.user.AppUser;
import org.activitycompletion.user.UserService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Opt-in demo ({@code COMPLETION_DEMO=true}): a course with one activity of each kind, a teacher
 * and three students, and their tokens in the log, so GraphiQL can be explored at once.
 * Runs once, after the admin bootstrap: a database that already has the demo course is left alone.
 */
@ApplicationScoped
public class DemoData {

    static final String COURSE = "DEMO101";
    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @ConfigProperty(name = "completion.demo")
    boolean enabled;

    @Inject
    UserService users;

    @Inject
    CourseService courses;

    @Inject
    ActivityService activities;

    @Inject
    TokenService tokens;

    @Transactional
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        if (!enabled) {
            return;
        }
        // Instances starting together take turns: one seeds the course, the others find it.
        Course.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(" + AdminBootstrap.START_LOCK + ")")
                .getSingleResult();
        if (Course.count("shortName", COURSE) > 0) {
            return;
        }
        Course course = courses.createUnchecked(COURSE, "Introduction to Completion (demo)", true);
        long id = course.id;
        activities.createUnchecked(id, "page", "Welcome page", true, automatic(true, false, false, null));
        activities.createUnchecked(id, "forum", "Introduce yourself", true, new CompletionSettingsRequest(
                CompletionTracking.AUTOMATIC, true, false, false, null, null, null,
                List.of(new RuleSetting(ForumModule.POSTS, 2))));
        activities.createUnchecked(id, "assign", "First essay", true, automatic(false, true, true, 50.0));
        activities.createUnchecked(id, "quiz", "Check your understanding", true, automatic(true, true, false, null));
        activities.createUnchecked(id, "label", "Read the course guide", true, new CompletionSettingsRequest(
                CompletionTracking.MANUAL, false, false, false, null, null, null, List.of()));

        StringBuilder log = new StringBuilder("Demo course " + COURSE + " (id " + id + ") created. Tokens, shown only now:");
        enrol(log, course, "teacher", "Terry Teacher", CourseRole.EDITING_TEACHER);
        enrol(log, course, "alice", "Alice Student", CourseRole.STUDENT);
        enrol(log, course, "bob", "Bob Student", CourseRole.STUDENT);
        enrol(log, course, "carol", "Carol Student", CourseRole.STUDENT);
        LOG.info(log);
    }

    private void enrol(StringBuilder log, Course course, String username, String fullName, CourseRole role) {
        AppUser user = AppUser.findByUsername(username);
        if (user == null) {
            user = users.createUnchecked(username, fullName, false);
        }
        Enrolment enrolment = new Enrolment();
        enrolment.courseId = course.id;
        enrolment.userId = user.id;
        enrolment.role = role;
        enrolment.persist();
        log.append(String.format("%n  %-8s (user %d, %s): %s", username, user.id, role, tokens.issue(user.id)));
    }

    private static CompletionSettingsRequest automatic(boolean view, boolean grade, boolean pass, Double gradePass) {
        return new CompletionSettingsRequest(CompletionTracking.AUTOMATIC, view, grade, pass, gradePass, 100.0, null,
                List.of());
    }
}
