package org.activitycompletion.course;

import org.activitycompletion.user.AppUser;

/** A user with their role in one course. */
public record EnrolledUser(AppUser user, CourseRole role) {
}
