package org.activitycompletion.activity;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.ErrorCode;
import org.activitycompletion.common.Text;
import org.activitycompletion.completion.CompletionCache;
import org.activitycompletion.completion.CompletionEngine;
import org.activitycompletion.completion.CompletionEngine.Recalculation;
import org.activitycompletion.completion.CompletionStore;
import org.activitycompletion.course.Course;
import org.activitycompletion.course.CourseService;
import org.activitycompletion.course.Enrolment;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.modules.ActivityModule;
import org.activitycompletion.modules.ModuleRegistry;
import org.activitycompletion.security.AccessPolicy;
import org.activitycompletion.security.Capability;

/** Activities (course modules) and their completion settings. */
@ApplicationScoped
@Transactional
public class ActivityService {

    @Inject
    AccessPolicy access;

    @Inject
    CourseService courses;

    @Inject
    ModuleRegistry modules;

    @Inject
    ActivityDirectory directory;

    @Inject
    CompletionStore store;

    @Inject
    CompletionEngine engine;

    @Inject
    CompletionCache completionCache;

    /** What a settings change would do to users' completion (the dry run of an unlock). */
    public record SettingsPreview(boolean locked, int usersRecalculated, long completeToIncomplete,
            long incompleteToComplete, long stateChanges) {
    }

    public ActivityInfo create(long courseId, String modName, String name, boolean visible,
            CompletionSettingsRequest completion) {
        courses.require(courseId);
        access.require(Capability.MANAGE_ACTIVITIES, courseId);
        return createUnchecked(courseId, modName, name, visible, completion);
    }

    /** Creates an activity without an authorization check: for demo data. */
    public ActivityInfo createUnchecked(long courseId, String modName, String name, boolean visible,
            CompletionSettingsRequest completion) {
        ActivityModule module = modules.require(modName);
        Activity activity = new Activity();
        activity.courseId = courseId;
        activity.modName = module.name();
        activity.name = Text.required(name, "name", 255);
        activity.visible = visible;
        activity.apply(requireSettings(completion).validate(module));
        Integer last = Activity.getEntityManager()
                .createQuery("select max(a.sortOrder) from Activity a where a.courseId = :course", Integer.class)
                .setParameter("course", courseId)
                .getSingleResult();
        activity.sortOrder = last == null ? 0 : last + 1;
        activity.persistAndFlush();
        directory.activityChanged(activity.id, courseId);
        completionCache.courseActivitiesChanged(courseId); // rows hold the course's lines
        return snapshot(activity);
    }

    /**
     * New completion settings. A change of rules recalculates every user's completion from the
     * stored facts (Moodle's reset_all_state; views are kept). While users have completion data
     * (locked) that needs {@code unlock}; the expected date alone may always change.
     */
    public ActivityInfo updateCompletionSettings(long activityId, CompletionSettingsRequest completion, boolean unlock) {
        Activity activity = lockForChange(activityId);
        CompletionSettings settings = requireSettings(completion).validate(modules.require(activity.modName));
        boolean rulesChange = !settings.sameRulesAs(activity.completionSettings());
        if (rulesChange && !unlock && isLocked(activityId)) {
            throw new ApiException(ErrorCode.COMPLETION_LOCKED, "Users have already completed activity " + activityId
                    + "; changing its completion settings needs unlock: true, which recalculates their completion.");
        }
        activity.apply(settings);
        activity.flush();
        directory.activityChanged(activityId, activity.courseId);
        ActivityInfo updated = snapshot(activity);
        if (rulesChange || unlock) {
            engine.applyRecalculation(updated, engine.recalculate(updated, trackedUsers(activity.courseId)), access.userId());
        } else {
            completionCache.activityChanged(activityId); // the statuses carry the old snapshot
        }
        return updated;
    }

    /** What {@link #updateCompletionSettings} with unlock would do to users' completion; writes nothing. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SettingsPreview previewCompletionSettings(long activityId, CompletionSettingsRequest completion) {
        ActivityInfo current = directory.require(activityId);
        access.require(Capability.MANAGE_ACTIVITIES, current.courseId());
        CompletionSettings settings = requireSettings(completion).validate(modules.require(current.modName()));
        ActivityInfo proposed = current.withSettings(settings);
        Recalculation recalculation = engine.recalculate(proposed, trackedUsers(current.courseId()));
        long changes = recalculation.after().values().stream()
                .filter(r -> r.state() != recalculation.before().get(r.userId()).state())
                .count();
        return new SettingsPreview(isLocked(activityId), recalculation.after().size(), recalculation.count(true, false),
                recalculation.count(false, true), changes);
    }

    public boolean delete(long activityId) {
        Activity activity = lockForChange(activityId);
        activity.delete();
        directory.activityChanged(activityId, activity.courseId);
        completionCache.activityChanged(activityId);
        return true;
    }

    /** The activity, if the caller may see it (hidden ones only with VIEW_HIDDEN_ACTIVITIES). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ActivityInfo get(long activityId) {
        ActivityInfo activity = directory.require(activityId);
        access.requireCourseVisible(activity.courseId());
        if (!activity.visible() && !access.can(Capability.VIEW_HIDDEN_ACTIVITIES, activity.courseId())) {
            throw ApiException.notFound("Activity", activityId);
        }
        return activity;
    }

    /** The course's activities in course order, as far as the caller may see them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ActivityInfo> visibleInCourse(long courseId) {
        access.requireCourseVisible(courseId);
        boolean seesHidden = access.can(Capability.VIEW_HIDDEN_ACTIVITIES, courseId);
        return directory.inCourse(courseId).stream().filter(a -> a.visible() || seesHidden).toList();
    }

    /** Of the given activities, those that are locked: some user has a state other than INCOMPLETE. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<Long> locked(Collection<Long> activityIds) {
        return new HashSet<>(store.lockedAmong(activityIds));
    }

    public boolean isLocked(long activityId) {
        return !locked(List.of(activityId)).isEmpty();
    }

    /** The students of a course: the users completion tracks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<Long> trackedUsers(long courseId) {
        return new HashSet<>(Enrolment.getEntityManager()
                .createQuery("select e.userId from Enrolment e where e.courseId = :course and e.role = :role", Long.class)
                .setParameter("course", courseId)
                .setParameter("role", CourseRole.STUDENT)
                .getResultList());
    }

    /**
     * The activity, locked against concurrent settings changes, after checking the caller may
     * manage it.
     */
    private Activity lockForChange(long activityId) {
        Activity activity = Activity.findById(activityId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (activity == null) {
            throw ApiException.notFound("Activity", activityId);
        }
        access.require(Capability.MANAGE_ACTIVITIES, activity.courseId);
        return activity;
    }

    private ActivityInfo snapshot(Activity activity) {
        Course course = courses.require(activity.courseId);
        return ActivityInfo.of(activity, course.enableCompletion);
    }

    private static CompletionSettingsRequest requireSettings(CompletionSettingsRequest completion) {
        if (completion == null) {
            throw ApiException.invalid("completion settings are required.");
        }
        return completion;
    }
}
