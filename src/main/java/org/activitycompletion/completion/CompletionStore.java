package org.activitycompletion.completion;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/** SQL for completion records and their history. */
@ApplicationScoped
public class CompletionStore {

    private static final String COLUMNS = "activity_id, user_id, state, viewed, overridden_by, time_modified";

    @Inject
    EntityManager em;

    /** A locked record and the settings version of its activity as committed. */
    public record Locked(CompletionRow row, int settingsVersion) {
    }

    /**
     * The user's record, locked until the transaction ends; an empty record is created when
     * none exists, so concurrent events for the same user and activity queue up on one row.
     * The activity row is share-locked in the same statement: a settings change (which takes
     * it exclusively) waits for this event, or this event sees its committed version.
     *
     * @throws jakarta.persistence.NoResultException when the activity no longer exists
     */
    public Locked lock(long activityId, long userId) {
        Object[] row = (Object[]) em.createNativeQuery("with a as (select id, settings_version from activity"
                + " where id = :a for share)"
                + " insert into completion (activity_id, user_id) select a.id, :u from a"
                + " on conflict (activity_id, user_id) do update set activity_id = excluded.activity_id"
                + " returning " + COLUMNS + ", (select settings_version from a)")
                .setParameter("a", activityId)
                .setParameter("u", userId)
                .getSingleResult();
        return new Locked(toRow(row), ((Number) row[6]).intValue());
    }

    /** Writes the record's state, viewed flag, overrider and time; the row must exist (see {@link #lock}). */
    public void save(CompletionRow row) {
        Timestamp time = row.timeModified() == null ? null : Timestamp.from(row.timeModified());
        em.createNativeQuery("update completion set state = :s, viewed = :v, overridden_by = cast(:o as bigint),"
                + " time_modified = cast(:t as timestamptz), time_completed = cast(:c as timestamptz)"
                + " where activity_id = :a and user_id = :u")
                .setParameter("s", (short) row.state().moodleValue())
                .setParameter("v", row.viewed())
                .setParameter("o", row.overriddenBy())
                .setParameter("t", time)
                .setParameter("c", row.state().isComplete() ? time : null)
                .setParameter("a", row.activityId())
                .setParameter("u", row.userId())
                .executeUpdate();
    }

    /** Appends a state change to the history. */
    public void appendHistory(CompletionRow before, CompletionRow after, String cause, long actorId) {
        em.createNativeQuery("insert into completion_history (activity_id, user_id, old_state, new_state, cause, actor_id,"
                + " changed_at) values (:a, :u, :o, :n, :c, :actor, :t)")
                .setParameter("a", after.activityId())
                .setParameter("u", after.userId())
                .setParameter("o", (short) before.state().moodleValue())
                .setParameter("n", (short) after.state().moodleValue())
                .setParameter("c", cause)
                .setParameter("actor", actorId)
                .setParameter("t", Timestamp.from(after.timeModified()))
                .executeUpdate();
    }

    /**
     * Replaces the activity's records with the given ones in two statements: rows are upserted
     * (a row that would be empty and does not exist is not created), overrides are cleared.
     */
    public void replaceAll(long activityId, Collection<CompletionRow> rows) {
        List<CompletionRow> list = List.copyOf(rows);
        if (list.isEmpty()) {
            return;
        }
        em.flush();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "insert into completion (activity_id, user_id, state, viewed, overridden_by, time_modified, time_completed)"
                    + " select ?, u.user_id, u.state, u.viewed, null, u.time_modified,"
                    + " case when u.state > 0 then u.time_modified end"
                    + " from unnest(?::bigint[], ?::smallint[], ?::boolean[], ?::timestamptz[]) as u(user_id, state, viewed, time_modified)"
                    + " where u.state > 0 or u.viewed"
                    + "    or exists (select 1 from completion c where c.activity_id = ? and c.user_id = u.user_id)"
                    + " on conflict (activity_id, user_id) do update set state = excluded.state, viewed = excluded.viewed,"
                    + " overridden_by = null, time_modified = excluded.time_modified, time_completed = excluded.time_completed")) {
                upsert.setLong(1, activityId);
                upsert.setArray(2, connection.createArrayOf("bigint", list.stream().map(CompletionRow::userId).toArray()));
                upsert.setArray(3, connection.createArrayOf("smallint",
                        list.stream().map(r -> (short) r.state().moodleValue()).toArray()));
                upsert.setArray(4, connection.createArrayOf("boolean", list.stream().map(CompletionRow::viewed).toArray()));
                upsert.setArray(5, connection.createArrayOf("timestamptz", list.stream()
                        .map(r -> r.timeModified() == null ? null : Timestamp.from(r.timeModified())).toArray()));
                upsert.setLong(6, activityId);
                upsert.executeUpdate();
            }
        });
    }

    /** Appends many state changes (pairs of before and after) in one statement. */
    public void appendHistory(List<CompletionRow[]> changes, String cause, long actorId) {
        if (changes.isEmpty()) {
            return;
        }
        em.flush();
        Timestamp now = Timestamp.from(Instant.now());
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into completion_history (activity_id, user_id, old_state, new_state, cause, actor_id, changed_at)"
                    + " select u.activity_id, u.user_id, u.old_state, u.new_state, ?, ?, ?"
                    + " from unnest(?::bigint[], ?::bigint[], ?::smallint[], ?::smallint[])"
                    + " as u(activity_id, user_id, old_state, new_state)")) {
                insert.setString(1, cause);
                insert.setLong(2, actorId);
                insert.setTimestamp(3, now);
                insert.setArray(4, connection.createArrayOf("bigint", changes.stream().map(c -> c[1].activityId()).toArray()));
                insert.setArray(5, connection.createArrayOf("bigint", changes.stream().map(c -> c[1].userId()).toArray()));
                insert.setArray(6, connection.createArrayOf("smallint",
                        changes.stream().map(c -> (short) c[0].state().moodleValue()).toArray()));
                insert.setArray(7, connection.createArrayOf("smallint",
                        changes.stream().map(c -> (short) c[1].state().moodleValue()).toArray()));
                insert.executeUpdate();
            }
        });
    }

    /** Records and grades of many (activity, user) pairs, read together. */
    public record Stored(Map<ActivityUser, CompletionRow> rows, Map<ActivityUser, Double> grades) {
    }

    /**
     * The records and grades of every pair of the given activities and users, in one
     * statement; pairs with neither are absent.
     */
    @SuppressWarnings("unchecked")
    public Stored forPairs(Collection<Long> activityIds, Collection<Long> userIds) {
        Map<ActivityUser, CompletionRow> rows = new HashMap<>();
        Map<ActivityUser, Double> grades = new HashMap<>();
        if (activityIds.isEmpty() || userIds.isEmpty()) {
            return new Stored(rows, grades);
        }
        List<Object[]> result = em.createNativeQuery("select coalesce(c.activity_id, g.activity_id),"
                + " coalesce(c.user_id, g.user_id), c.state, c.viewed, c.overridden_by, c.time_modified, g.grade"
                + " from (select * from completion where activity_id in (:a) and user_id in (:u)) c"
                + " full join (select * from grade where activity_id in (:a) and user_id in (:u)) g"
                + " on g.activity_id = c.activity_id and g.user_id = c.user_id")
                .setParameter("a", activityIds)
                .setParameter("u", userIds)
                .getResultList();
        for (Object[] r : result) {
            ActivityUser key = new ActivityUser(((Number) r[0]).longValue(), ((Number) r[1]).longValue());
            if (r[2] != null) {
                rows.put(key, toRow(r));
            }
            if (r[6] != null) {
                grades.put(key, ((Number) r[6]).doubleValue());
            }
        }
        return new Stored(rows, grades);
    }

    /** Every record of an activity, by user id. */
    public Map<Long, CompletionRow> forActivity(long activityId) {
        return index(em.createNativeQuery("select " + COLUMNS + " from completion where activity_id = :a")
                .setParameter("a", activityId)
                .getResultList(), false);
    }

    /** Of the given activities, those where some user has a state other than INCOMPLETE (Moodle's count_user_data > 0). */
    @SuppressWarnings("unchecked")
    public List<Long> lockedAmong(Collection<Long> activityIds) {
        if (activityIds.isEmpty()) {
            return List.of();
        }
        return ((List<Number>) em.createNativeQuery("select distinct activity_id from completion"
                + " where activity_id in (:a) and state <> 0")
                .setParameter("a", activityIds)
                .getResultList()).stream().map(Number::longValue).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, CompletionRow> index(List<?> rows, boolean byActivity) {
        Map<Long, CompletionRow> result = new HashMap<>();
        for (Object[] row : (List<Object[]>) rows) {
            CompletionRow r = toRow(row);
            result.put(byActivity ? r.activityId() : r.userId(), r);
        }
        return result;
    }

    private static CompletionRow toRow(Object[] row) {
        return new CompletionRow(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                CompletionState.fromMoodleValue(((Number) row[2]).intValue()), (Boolean) row[3],
                row[4] == null ? null : ((Number) row[4]).longValue(), toInstant(row[5]));
    }

    static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
