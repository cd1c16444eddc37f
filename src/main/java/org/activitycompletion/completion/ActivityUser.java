package org.activitycompletion.completion;

/** One user in one activity: the key of completion data. */
public record ActivityUser(long activityId, long userId) {

    /**
     * A well-mixed hash: the record's default (31 × a + b) makes small ids collide in bulk
     * (activity 2 with user 1 equals activity 1 with user 32), which a report of thousands of
     * keys turned into tree-bin lookups in every map and in the cache.
     */
    @Override
    public int hashCode() {
        return mix(activityId, userId);
    }

    /** Spelled out: the record's generated equals goes through an indirect call per component. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ActivityUser key && key.activityId == activityId && key.userId == userId;
    }

    static int mix(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 31) ^ (h >>> 32));
    }
}
