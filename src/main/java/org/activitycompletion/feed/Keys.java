package org.activitycompletion.feed;

import java.util.StringJoiner;

/** Ids as the body of a change: numbers separated by spaces. */
public final class Keys {

    private Keys() {
    }

    public static String join(long... ids) {
        StringJoiner joined = new StringJoiner(" ");
        for (long id : ids) {
            joined.add(Long.toString(id));
        }
        return joined.toString();
    }

    public static long[] parse(String body) {
        String[] parts = body.split(" ");
        long[] ids = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Long.parseLong(parts[i]);
        }
        return ids;
    }
}
