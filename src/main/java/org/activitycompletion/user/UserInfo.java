package org.activitycompletion.user;

/** A user's fields as a value: what caches and answers hold instead of the entity. */
public record UserInfo(long id, String username, String fullName, boolean siteAdmin) {

    public static UserInfo of(AppUser user) {
        return new UserInfo(user.id, user.username, user.fullName, user.siteAdmin);
    }
}
