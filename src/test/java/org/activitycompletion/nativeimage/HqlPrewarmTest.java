package org.activitycompletion.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.antlr.v4.runtime.dfa.DFA;
import org.hibernate.grammars.hql.HqlParser;
import org.hibernate.query.hql.internal.HqlParseTreeBuilder;
import org.junit.jupiter.api.Test;

/** Plain unit test: the pre-warm statements, and what the native build's check relies on. */
class HqlPrewarmTest {

    @Test
    void everyStatementParsesWithSllPrediction() {
        assertEquals(0, HqlPrewarm.run(), "statements that did not parse with SLL prediction (the native build fails on them)");
    }

    @Test
    void aStatementThatDoesNotParseIsReported() {
        assertFalse(HqlPrewarm.parse("from Course where ("));
    }

    @Test
    void theTablesItFillsAreSharedWithEveryLaterParser() {
        HqlPrewarm.run();
        int states = states();
        assertTrue(states > 100, "prediction states a new parser finds after the pre-warm: " + states);
    }

    private static int states() {
        HqlParser parser = HqlParseTreeBuilder.INSTANCE.buildHqlParser("", HqlParseTreeBuilder.INSTANCE.buildHqlLexer(""));
        int states = 0;
        for (DFA dfa : parser.getInterpreter().decisionToDFA) {
            states += dfa.states.size();
        }
        return states;
    }
}
