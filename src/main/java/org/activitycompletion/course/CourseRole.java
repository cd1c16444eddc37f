package org.activitycompletion.course;

import java.util.EnumSet;
import java.util.Set;

/** Moodle's standard course roles. Only students are tracked by completion. */
public enum CourseRole {
    STUDENT,
    TEACHER,
    EDITING_TEACHER,
    MANAGER;

    /** Moodle's default "allow role assignments": which roles this role may give to others. */
    public Set<CourseRole> assignableRoles() {
        return switch (this) {
            case MANAGER -> EnumSet.allOf(CourseRole.class);
            case EDITING_TEACHER -> EnumSet.of(STUDENT, TEACHER);
            default -> EnumSet.noneOf(CourseRole.class);
        };
    }
}
