package org.activitycompletion.modules.quiz;

import jakarta.enterprise.context.ApplicationScoped;

import org.activitycompletion.modules.BasicModule;

/** Quiz: view, grade and pass grade. */
@ApplicationScoped
public class QuizModule extends BasicModule {

    public QuizModule() {
        super("quiz", true, true);
    }
}
