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
import org.activitycompletion.completion.CompletionRecord;
import org.activitycompletion.course.CourseService;
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

    public Activity create(long courseId, String modName, String name, boolean visible, CompletionSettingsRequest completion) {
        courses.require(courseId);
        access.require(Capability.MANAGE_ACTIVITIES, courseId);
        return createUnchecked(courseId, modName, name, visible, completion);
    }

    /** Creates an activity without an authorization check: for demo data. */
    public Activity createUnchecked(long courseId, String modName, String name, boolean visible,
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
        return activity;
    }

    /**
     * New completion settings. While users have completion data (locked) rule changes need
     * {@code unlock}, which deletes the activity's completion states (views are kept, as in
     * Moodle's reset_all_state). The expected date alone may always change.
     */
    public Activity updateCompletionSettings(long activityId, CompletionSettingsRequest completion, boolean unlock) {
        Activity activity = require(activityId);
        access.require(Capability.MANAGE_ACTIVITIES, activity.courseId);
        CompletionSettings settings = requireSettings(completion).validate(modules.require(activity.modName));
        boolean rulesChange = !settings.sameRulesAs(activity.completionSettings());
        if (rulesChange && !unlock && isLocked(activityId)) {
            throw new ApiException(ErrorCode.COMPLETION_LOCKED, "Users have already completed activity " + activityId
                    + "; changing its completion settings needs unlock: true, which resets their completion.");
        }
        activity.apply(settings);
        if (unlock) {
            resetCompletion(activityId);
        }
        return activity;
    }

    public boolean delete(long activityId) {
        Activity activity = require(activityId);
        access.require(Capability.MANAGE_ACTIVITIES, activity.courseId);
        activity.delete();
        return true;
    }

    /** The activity, if the caller may see it (hidden ones only with VIEW_HIDDEN_ACTIVITIES). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Activity get(long activityId) {
        Activity activity = require(activityId);
        access.requireCourseVisible(activity.courseId);
        if (!activity.visible && !access.can(Capability.VIEW_HIDDEN_ACTIVITIES, activity.courseId)) {
            throw ApiException.notFound("Activity", activityId);
        }
        return activity;
    }

    /** The course's activities in course order, as far as the caller may see them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Activity> visibleInCourse(long courseId) {
        access.requireCourseVisible(courseId);
        boolean seesHidden = access.can(Capability.VIEW_HIDDEN_ACTIVITIES, courseId);
        return Activity.<Activity>list("courseId = ?1 order by sortOrder, id", courseId).stream()
                .filter(a -> a.visible || seesHidden)
                .toList();
    }

    /** Of the given activities, those that are locked: some user has a state other than INCOMPLETE. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Set<Long> locked(Collection<Long> activityIds) {
        if (activityIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(CompletionRecord.getEntityManager()
                .createQuery("select distinct c.activityId from CompletionRecord c"
                        + " where c.activityId in :ids and c.state <> org.activitycompletion.completion.CompletionState.INCOMPLETE",
                        Long.class)
                .setParameter("ids", activityIds)
                .getResultList());
    }

    public boolean isLocked(long activityId) {
        return !locked(List.of(activityId)).isEmpty();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Activity require(long activityId) {
        Activity activity = Activity.findById(activityId);
        if (activity == null) {
            throw ApiException.notFound("Activity", activityId);
        }
        return activity;
    }

    /** Moodle's delete_all_state: states go, views stay. Recalculation is the completion engine's. */
    private void resetCompletion(long activityId) {
        CompletionRecord.delete("activityId = ?1 and viewed = false", activityId);
        CompletionRecord.update("state = ?1, timeCompleted = null, overriddenBy = null, timeModified = current_timestamp"
                + " where activityId = ?2", org.activitycompletion.completion.CompletionState.INCOMPLETE, activityId);
    }

    private static CompletionSettingsRequest requireSettings(CompletionSettingsRequest completion) {
        if (completion == null) {
            throw ApiException.invalid("completion settings are required.");
        }
        return completion;
    }
}
