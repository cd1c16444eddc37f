package org.activitycompletion.completion;

import java.util.Optional;

/**
 * What an event says the new state may be (Moodle's update_state "possible result"): a state,
 * or UNKNOWN when the engine must work it out from every condition.
 */
public record PossibleResult(Optional<CompletionState> state) {

    public static final PossibleResult UNKNOWN = new PossibleResult(Optional.empty());
    public static final PossibleResult COMPLETE = of(CompletionState.COMPLETE);
    public static final PossibleResult INCOMPLETE = of(CompletionState.INCOMPLETE);

    public static PossibleResult of(CompletionState state) {
        return new PossibleResult(Optional.of(state));
    }

    public boolean is(CompletionState candidate) {
        return state.isPresent() && state.get() == candidate;
    }

    @Override
    public String toString() {
        return state.map(Enum::name).orElse("UNKNOWN");
    }
}
