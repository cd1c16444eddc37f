package org.activitycompletion.completion;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.activitycompletion.common.TransactionHooks;

/** Completion state changes, published once their transaction has committed. */
@ApplicationScoped
public class CompletionEvents {

    @Inject
    TransactionHooks hooks;

    private final BroadcastProcessor<CompletionStatus> changes = BroadcastProcessor.create();

    /** Publishes the change when (and if) the current transaction commits. */
    public void changed(CompletionStatus status) {
        hooks.afterCommit(() -> changes.onNext(status));
    }

    /** Every change from now on. */
    public Multi<CompletionStatus> stream() {
        return changes;
    }
}
