package org.activitycompletion.completion;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.activitycompletion.common.ApiException;

/** Opaque page cursors: the last user id of a page. */
final class Cursors {

    private static final String PREFIX = "user:";

    private Cursors() {
    }

    static String encode(long userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + userId).getBytes(StandardCharsets.UTF_8));
    }

    /** 0 for no cursor; INVALID_ARGUMENT for one this service did not make. */
    static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiException.invalid("after is not a cursor from this report.");
    }
}
