package org.activitycompletion.course;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.TransactionHooks;

/** Users' roles in courses, cached; enrolment changes drop their entry once they commit. */
@ApplicationScoped
public class EnrolmentDirectory {

    /** A (course, user) pair. */
    public record Key(long courseId, long userId) {
        @Override
        public int hashCode() {
            return Long.hashCode(courseId * 0x9E3779B97F4A7C15L + userId * 0xBF58476D1CE4E5B9L);
        }
    }

    @Inject
    TransactionHooks hooks;

    private final LocalCache<Key, Optional<CourseRole>> roles;

    EnrolmentDirectory(@CacheName("enrolment") Cache roles) {
        this.roles = new LocalCache<>(roles);
    }

    /** The user's role in the course; empty when not enrolled. */
    public Optional<CourseRole> role(long courseId, long userId) {
        return roles.get(new Key(courseId, userId),
                key -> Optional.ofNullable(Enrolment.findFor(key.courseId(), key.userId())).map(e -> e.role));
    }

    /** Call in the transaction that changed the enrolment. */
    public void changed(long courseId, long userId) {
        Key key = new Key(courseId, userId);
        roles.invalidate(key);
        hooks.afterCompletion(() -> roles.invalidate(key), () -> roles.invalidate(key));
    }
}
