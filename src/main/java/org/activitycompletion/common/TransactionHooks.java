package org.activitycompletion.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Work tied to the outcome of the current transaction: caches and live events must only see
 * what was committed. Without a transaction, the work runs at once.
 */
@ApplicationScoped
public class TransactionHooks {

    @Inject
    TransactionSynchronizationRegistry registry;

    /** Runs just before the commit, while the transaction's row locks are still held. */
    public void beforeCommit(Runnable work) {
        if (!active()) {
            work.run();
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (registry.getTransactionStatus() == Status.STATUS_ACTIVE) {
                    work.run();
                }
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
    }

    /** Runs once the transaction committed; {@code onRollback} runs if it did not. */
    public void afterCompletion(Runnable onCommit, Runnable onRollback) {
        if (!active()) {
            onCommit.run();
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                (status == Status.STATUS_COMMITTED ? onCommit : onRollback).run();
            }
        });
    }

    public void afterCommit(Runnable work) {
        afterCompletion(work, () -> {
        });
    }

    private boolean active() {
        int status = registry.getTransactionStatus();
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }
}
