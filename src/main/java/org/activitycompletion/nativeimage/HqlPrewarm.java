package org.activitycompletion.nativeimage;

import java.util.List;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.hibernate.grammars.hql.HqlParser;
import org.hibernate.query.hql.internal.HqlParseTreeBuilder;

/**
 * Parses statements of the shapes this service runs, the way Hibernate parses HQL (SLL prediction,
 * LL if that bails out), so that ANTLR's shared prediction tables for Hibernate's grammar are built.
 * {@link HqlParserAtBuildTime} does it while the native executable is built: the tables are then
 * part of the image instead of being built by every start (4 MB of allocation, docs/native.md).
 * Parsing only fills ANTLR's caches; it changes no result.
 */
public final class HqlPrewarm {

    /**
     * One statement per shape the service's HQL and Panache's generated HQL take. A shape missing
     * here still parses; its first parse builds the tables it needs, as without this class.
     */
    static final List<String> STATEMENTS = List.of(
            "from AppUser where username = ?1",
            "select count(*) from AppUser where siteAdmin = ?1",
            "from ApiToken where tokenHash = ?1 and revokedAt is null",
            "update ApiToken set revokedAt = ?1 where userId = ?2 and revokedAt is null",
            "delete from Grade where activityId = ?1 and userId = ?2",
            "from Course order by id",
            "select c from Course c, Enrolment e where e.courseId = c.id and e.userId = ?1 order by c.id",
            "select max(a.sortOrder) from Activity a where a.courseId = :course",
            "select e.userId from Enrolment e where e.courseId = :course and e.role = :role",
            "select a.id from Activity a where a.modName = :m and a.instance = :i",
            "select distinct a, c.enableCompletion from Activity a left join fetch a.customRules,"
                    + " Course c where c.id = a.courseId and a.courseId = :course order by a.sortOrder, a.id",
            "select u.id, u.username, u.fullName, u.siteAdmin, e.role from Enrolment e, AppUser u"
                    + " where u.id = e.userId and e.courseId = :course order by u.id",
            "select t.tokenHash, u from ApiToken t, AppUser u"
                    + " where u.id = t.userId and t.tokenHash = :hash and t.revokedAt is null");

    private HqlPrewarm() {
    }

    /** Parses {@link #STATEMENTS}; returns how many did not parse with SLL prediction (0 for these). */
    public static int run() {
        int fallbacks = 0;
        for (String hql : STATEMENTS) {
            if (!parse(hql)) {
                fallbacks++;
            }
        }
        return fallbacks;
    }

    /** True if SLL prediction parsed it; false if not (it is then parsed again with LL, as Hibernate would). */
    static boolean parse(String hql) {
        HqlParser parser = HqlParseTreeBuilder.INSTANCE.buildHqlParser(hql,
                HqlParseTreeBuilder.INSTANCE.buildHqlLexer(hql));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.statement();
            return true;
        } catch (ParseCancellationException e) {
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.statement();
            return false;
        }
    }
}
