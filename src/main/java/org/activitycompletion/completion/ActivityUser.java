package org.activitycompletion.completion;

/** One user in one activity: the key of completion data. */
public record ActivityUser(long activityId, long userId) {
}
