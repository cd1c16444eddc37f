package org.activitycompletion.nativeimage;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeClassInitialization;

/**
 * Native image only (registered in {@code META-INF/native-image/…/native-image.properties}):
 * Hibernate's HQL lexer and parser, and the ANTLR runtime they share their prediction tables
 * through, are initialized while the image is built, and {@link HqlPrewarm} fills those tables
 * then. ANTLR's runtime goes with them because the tables refer to its singletons (the empty
 * prediction context, the empty semantic context) by identity; a run-time copy of those would not
 * be the same objects.
 */
public final class HqlParserAtBuildTime implements Feature {

    @Override
    public String getDescription() {
        return "Builds Hibernate's HQL prediction tables at image build time";
    }

    @Override
    public void afterRegistration(AfterRegistrationAccess access) {
        RuntimeClassInitialization.initializeAtBuildTime("org.antlr.v4.runtime");
        RuntimeClassInitialization.initializeAtBuildTime("org.hibernate.grammars.hql");
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        int fallbacks = HqlPrewarm.run();
        if (fallbacks > 0) {
            throw new IllegalStateException(fallbacks + " of HqlPrewarm's statements did not parse with SLL prediction"
                    + " (a statement that is not HQL, or a shape Hibernate parses with its LL fallback): HqlPrewarmTest");
        }
    }
}
