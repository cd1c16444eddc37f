package org.activitycompletion.security;

/** Who is calling: the user behind the request's token. */
public record Identity(long userId, String username, boolean siteAdmin) {
}
