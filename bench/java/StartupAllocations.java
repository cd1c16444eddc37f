import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a start allocates, by the part of the service that asked: reads a JFR recording's
 * jdk.ObjectAllocationSample events up to a time (epoch milliseconds) and sums their weights by
 * the first area, in the order below, that a frame of the stack belongs to. Used by
 * bench/startup-allocations.sh; run with a JDK 17+ java:
 *
 *   java bench/java/StartupAllocations.java recording.jfr [until-epoch-ms] [sites]
 *
 * With sites, it also lists that many allocation sites that allocated most.
 */
public class StartupAllocations {

    /** area, frame prefix; the first match along the stack (innermost frame first) decides */
    private static final String[][] AREAS = {
            { "JFR itself (not the service's)", "jdk.jfr." },
            { "JFR itself (not the service's)", "org.graalvm.nativeimage.VMRuntime.initialize" },
            { "GraphQL schema (graphql-java)", "graphql.schema." },
            { "HQL parsing (Hibernate)", "org.hibernate.grammars." },
            { "Hibernate ORM", "org.hibernate." },
            { "Flyway", "org.flywaydb." },
            { "configuration (SmallRye Config)", "io.smallrye.config." },
            { "metrics (Micrometer)", "io.micrometer." },
            { "PostgreSQL driver, Agroal", "org.postgresql." },
            { "PostgreSQL driver, Agroal", "io.agroal." },
            { "graphql-java, other", "graphql." },
            { "SmallRye GraphQL", "io.smallrye.graphql." },
            { "Vert.x, Netty", "io.netty." },
            { "Vert.x, Netty", "io.vertx." },
            { "this service", "org.activitycompletion." },
            { "CDI (ArC)", "io.quarkus.arc." },
    };

    public static void main(String[] args) throws Exception {
        long until = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        int sites = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Map<String, Long> bytes = new LinkedHashMap<>();
        Map<String, Long> bySite = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample")
                    || event.getStartTime().toEpochMilli() > until) {
                continue;
            }
            long weight = event.getLong("weight");
            total += weight;
            bytes.merge(area(event), weight, Long::sum);
            bySite.merge(site(event), weight, Long::sum);
        }
        System.out.printf("%7.2f MB allocated in all%n", total / 1e6);
        bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("%7.2f MB  %s%n", e.getValue() / 1e6, e.getKey()));
        if (sites > 0) {
            System.out.printf("%nthe %d sites that allocated most (the first two frames outside the JDK and the image runtime):%n", sites);
            bySite.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(sites)
                    .forEach(e -> System.out.printf("%7.2f MB  %s%n", e.getValue() / 1e6, e.getKey()));
        }
    }

    private static String site(RecordedEvent event) {
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        return frames.stream().map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                .filter(m -> !m.startsWith("java.") && !m.startsWith("jdk.") && !m.startsWith("sun.") && !m.startsWith("com.oracle.svm."))
                .limit(2).reduce((a, b) -> a + " < " + b).orElse("(JDK or image runtime only)");
    }

    private static String area(RecordedEvent event) {
        List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
        for (String[] area : AREAS) {
            for (RecordedFrame frame : frames) {
                if ((frame.getMethod().getType().getName() + "." + frame.getMethod().getName()).startsWith(area[1])) {
                    return area[0];
                }
            }
        }
        return "other (JDK, Quarkus core, start-up)";
    }
}
