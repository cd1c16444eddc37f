package org.activitycompletion.security;

import java.util.EnumSet;
import java.util.Set;

import org.activitycompletion.course.CourseRole;

import static org.activitycompletion.course.CourseRole.EDITING_TEACHER;
import static org.activitycompletion.course.CourseRole.MANAGER;
import static org.activitycompletion.course.CourseRole.STUDENT;
import static org.activitycompletion.course.CourseRole.TEACHER;

/**
 * What a course role allows, after Moodle's capabilities of the same archetypes. This table
 * and {@link AccessPolicy} are the whole authorization model; site admins may do everything.
 */
public enum Capability {
    /** See the course and its visible activities (enrolled users). */
    VIEW_COURSE(STUDENT, TEACHER, EDITING_TEACHER, MANAGER),
    /** moodle/course:viewhiddenactivities */
    VIEW_HIDDEN_ACTIVITIES(TEACHER, EDITING_TEACHER, MANAGER),
    /** moodle/course:enrolreview */
    VIEW_ENROLMENTS(TEACHER, EDITING_TEACHER, MANAGER),
    /** report/progress:view: read other users' completion. */
    VIEW_OTHERS_COMPLETION(TEACHER, EDITING_TEACHER, MANAGER),
    /** moodle/grade:edit */
    GRADE(TEACHER, EDITING_TEACHER, MANAGER),
    /** Record a student's views and posts on their behalf (imports, integrations). */
    ACT_FOR_OTHERS(TEACHER, EDITING_TEACHER, MANAGER),
    /** mod/forum:deleteanypost */
    MODERATE_FORUMS(TEACHER, EDITING_TEACHER, MANAGER),
    /** moodle/course:overridecompletion */
    OVERRIDE_COMPLETION(TEACHER, EDITING_TEACHER, MANAGER),
    /** moodle/course:manageactivities: create, configure and delete activities. */
    MANAGE_ACTIVITIES(EDITING_TEACHER, MANAGER),
    /** moodle/course:update */
    UPDATE_COURSE(EDITING_TEACHER, MANAGER),
    /** enrol/manual:enrol and unenrol, limited to the roles the enroller may assign. */
    ENROL(EDITING_TEACHER, MANAGER);

    private final Set<CourseRole> roles;

    Capability(CourseRole first, CourseRole... rest) {
        this.roles = EnumSet.of(first, rest);
    }

    public boolean grantedTo(CourseRole role) {
        return role != null && roles.contains(role);
    }
}
