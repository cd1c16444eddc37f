package org.activitycompletion.graphql;

import jakarta.inject.Inject;

import org.activitycompletion.activity.ActivityService;
import org.activitycompletion.course.CourseRole;
import org.activitycompletion.course.CourseService;
import org.activitycompletion.graphql.Types.ActivityType;
import org.activitycompletion.graphql.Types.CourseType;
import org.activitycompletion.graphql.Types.EnrolmentType;
import org.activitycompletion.graphql.Types.UserType;
import org.activitycompletion.user.UserInfo;
import org.activitycompletion.user.UserService;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

/** The contract's administration mutations. Each is one transaction in its service. */
@GraphQLApi
public class AdminApi {

    @Inject
    UserService users;

    @Inject
    CourseService courses;

    @Inject
    ActivityService activities;

    @Inject
    Mappers mappers;

    @Mutation
    @Description("Site admins: a new user.")
    public @NonNull UserType createUser(@NonNull String username, @NonNull String fullName,
            @DefaultValue("false") boolean siteAdmin) {
        return UserType.of(UserInfo.of(users.create(username, fullName, siteAdmin)));
    }

    @Mutation
    @Description("Site admins: a new API token for the user, shown only this once.")
    public @NonNull String issueToken(@NonNull @Id String userId) {
        return users.issueToken(Ids.parse(userId, "userId"));
    }

    @Mutation
    @Description("Site admins: revoke every token of a user; they stop working at once. Returns how many.")
    public int revokeTokens(@NonNull @Id String userId) {
        return users.revokeTokens(Ids.parse(userId, "userId"));
    }

    @Mutation
    @Description("Revoke one token: your own, or anyone's for a site admin.")
    public boolean revokeToken(@NonNull String token) {
        return users.revokeToken(token);
    }

    @Mutation
    @Description("Site admins: a new course.")
    public @NonNull CourseType createCourse(@NonNull String shortName, @NonNull String fullName,
            @DefaultValue("true") boolean enableCompletion) {
        return CourseType.of(courses.create(shortName, fullName, enableCompletion));
    }

    @Mutation
    @Description("Editing teachers and managers: change a course's name or completion switch.")
    public @NonNull CourseType updateCourse(@NonNull @Id String id, String fullName, Boolean enableCompletion) {
        return CourseType.of(courses.update(Ids.parse(id, "id"), fullName, enableCompletion));
    }

    @Mutation
    @Description("Enrol a user with a role, or change the role of an enrolled user.")
    public @NonNull EnrolmentType enrol(@NonNull @Id String courseId, @NonNull @Id String userId,
            @NonNull CourseRole role) {
        return EnrolmentType.of(courses.enrol(Ids.parse(courseId, "courseId"), Ids.parse(userId, "userId"), role));
    }

    @Mutation
    @Description("End a user's enrolment; false when they were not enrolled.")
    public boolean unenrol(@NonNull @Id String courseId, @NonNull @Id String userId) {
        return courses.unenrol(Ids.parse(courseId, "courseId"), Ids.parse(userId, "userId"));
    }

    @Mutation
    @Description("Editing teachers and managers: a new activity at the end of the course.")
    public @NonNull ActivityType createActivity(@NonNull @Id String courseId, @NonNull String modName,
            @NonNull String name, @DefaultValue("true") boolean visible,
            @NonNull CompletionSettingsInput completion) {
        return mappers.activity(activities.create(Ids.parse(courseId, "courseId"), modName, name, visible,
                completion.toRequest()));
    }

    @Mutation
    @Description("Editing teachers and managers: new completion settings. COMPLETION_LOCKED while users have "
            + "completion data, unless unlock is true, which resets and recalculates everyone's completion.")
    public @NonNull ActivityType updateCompletionSettings(@NonNull @Id String activityId,
            @NonNull CompletionSettingsInput completion, @DefaultValue("false") boolean unlock) {
        return mappers.activity(activities.updateCompletionSettings(Ids.parse(activityId, "activityId"),
                completion.toRequest(), unlock));
    }

    @Mutation
    @Description("Editing teachers and managers: delete an activity with all its completion data.")
    public boolean deleteActivity(@NonNull @Id String activityId) {
        return activities.delete(Ids.parse(activityId, "activityId"));
    }
}
