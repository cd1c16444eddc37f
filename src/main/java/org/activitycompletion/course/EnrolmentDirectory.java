package org.activitycompletion.course;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import org.activitycompletion.common.LocalCache;
import org.activitycompletion.common.TransactionHooks;
import org.activitycompletion.feed.ChangeFeed;
import org.activitycompletion.feed.Keys;
import org.activitycompletion.user.UserInfo;

/**
 * Users' roles in courses and courses' rosters, cached; an enrolment change drops the user's role
 * and the course's roster, in its transaction and again once it commits or rolls back; other
 * instances drop them when it commits (through the {@link ChangeFeed}).
 */
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

    private static final String ENROLMENT = "enrolment";

    private final ChangeFeed feed;
    private final LocalCache<Key, Optional<CourseRole>> roles;
    private final LocalCache<Long, List<EnrolledUser>> rosters;

    EnrolmentDirectory(@CacheName("enrolment") Cache roles, @CacheName("course-roster") Cache rosters,
            ChangeFeed feed) {
        this.feed = feed;
        this.roles = new LocalCache<>(roles, feed.freshness());
        this.rosters = new LocalCache<>(rosters, feed.freshness());
        feed.onOthersChanges(ENROLMENT, body -> {
            long[] ids = Keys.parse(body);
            drop(new Key(ids[0], ids[1]));
        });
    }

    /** The user's role in the course; empty when not enrolled. */
    public Optional<CourseRole> role(long courseId, long userId) {
        return roles.get(new Key(courseId, userId),
                key -> Optional.ofNullable(Enrolment.findFor(key.courseId(), key.userId())).map(e -> e.role));
    }

    /**
     * Everyone enrolled in the course with their role, by user id. Users' own fields are never
     * changed after creation here; a change to them would have to drop the rosters too.
     */
    public List<EnrolledUser> roster(long courseId) {
        return rosters.get(courseId, EnrolmentDirectory::loadRoster);
    }

    private static List<EnrolledUser> loadRoster(long courseId) {
        return Enrolment.getEntityManager()
                .createQuery("select u.id, u.username, u.fullName, u.siteAdmin, e.role from Enrolment e, AppUser u"
                        + " where u.id = e.userId and e.courseId = :course order by u.id", Object[].class)
                .setParameter("course", courseId)
                .getResultStream()
                .map(row -> new EnrolledUser(
                        new UserInfo((Long) row[0], (String) row[1], (String) row[2], (Boolean) row[3]),
                        (CourseRole) row[4]))
                .toList();
    }

    /** Call in the transaction that changed the enrolment. */
    public void changed(long courseId, long userId) {
        Key key = new Key(courseId, userId);
        Runnable drop = () -> drop(key);
        drop.run();
        hooks.afterCompletion(drop, drop);
        feed.publish(ENROLMENT, Keys.join(courseId, userId));
    }

    private void drop(Key key) {
        roles.invalidate(key);
        rosters.invalidate(key.courseId());
    }
}
