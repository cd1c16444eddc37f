package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import org.activitycompletion.common.ApiException;

/**
 * What {@link CacheFirstFetchers} relies on: work done at once comes back as {@link CacheFirst.Answered}
 * (else every repeat view would silently take SmallRye's longer way), a failure does not.
 */
class CacheFirstTest {

    @Test
    void workDoneAtOnceIsAnswered() {
        Uni<Integer> answer = new CacheFirst().run(() -> 42);
        CacheFirst.Answered<?> answered = assertInstanceOf(CacheFirst.Answered.class, answer);
        assertEquals(42, answered.getItem());
        assertEquals(42, answer.await().atMost(Duration.ofSeconds(1)));
    }

    @Test
    void aFailureIsNotAnAnswer() {
        Uni<Integer> failed = new CacheFirst().run(() -> {
            throw ApiException.invalid("no");
        });
        assertFalse(failed instanceof CacheFirst.Answered);
        assertThrows(ApiException.class, () -> failed.await().atMost(Duration.ofSeconds(1)));
    }
}
