import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.execution.instrumentation.Instrumentation;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.vertx.core.buffer.Buffer;

/**
 * Writing a report page's result (100 rows x 50 completions, as graphql-java hands it over) into
 * the bytes of the answer: as SmallRye does, with and without graphql/fastpath/JsonResult's views, and
 * with graphql/fastpath/JsonBytes; all in one JVM, alternating, so the machine's drift cancels out. Run by
 * bench/java.sh JsonWriteBench.
 */
public class JsonWriteBench {
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName("org.activitycompletion.graphql.fastpath.JsonResult");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Instrumentation view = (Instrumentation) constructor.newInstance();
        ExecutionResult plain = ExecutionResultImpl.newExecutionResult().data(page()).build();
        ExecutionResult viewed = view.instrumentExecutionResult(plain, null, null).get();
        if (!new ExecutionResponse(plain).getExecutionResultAsString()
                .equals(new ExecutionResponse(viewed).getExecutionResultAsString())) {
            throw new AssertionError("the two ways write different JSON");
        }
        Method write = Class.forName("org.activitycompletion.graphql.fastpath.JsonBytes").getDeclaredMethod("write", jakarta.json.JsonObject.class);
        write.setAccessible(true);
        if (!java.util.Arrays.equals(new ExecutionResponse(plain).getExecutionResultAsString().getBytes(StandardCharsets.UTF_8),
                ((Buffer) write.invoke(null, new ExecutionResponse(viewed).getExecutionResultAsJsonObject())).getBytes())) {
            throw new AssertionError("JsonBytes writes other bytes");
        }
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "12");
        for (int round = 1; round <= rounds; round++) {
            long[] copy = time(plain, null), views = time(viewed, null), direct = time(viewed, write);
            System.out.printf("round %2d, per page: SmallRye's copy %6.0f µs %4d kB, views %6.0f µs %4d kB, JsonBytes %6.0f µs %4d kB%n",
                    round, copy[0] / 1e3, copy[1] / 1024, views[0] / 1e3, views[1] / 1024, direct[0] / 1e3, direct[1] / 1024);
        }
    }

    /** Time (ns) and bytes allocated by this thread per page, written into the bytes of an answer. */
    private static long[] time(ExecutionResult result, Method write) throws Exception {
        int pages = 200;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long sink = 0, allocated = threads.getThreadAllocatedBytes(thread), start = System.nanoTime();
        for (int i = 0; i < pages; i++) {
            ExecutionResponse response = new ExecutionResponse(result);
            sink += write == null ? response.getExecutionResultAsString().getBytes(StandardCharsets.UTF_8).length
                    : ((Buffer) write.invoke(null, response.getExecutionResultAsJsonObject())).length();
        }
        long time = (System.nanoTime() - start) / pages;
        allocated = (threads.getThreadAllocatedBytes(thread) - allocated) / pages;
        if (sink == 42) {
            System.out.println();
        }
        return new long[] { time, allocated };
    }

    private static Map<String, Object> page() {
        List<Object> rows = new ArrayList<>();
        for (int user = 1; user <= 100; user++) {
            List<Object> completions = new ArrayList<>();
            for (int activity = 1; activity <= 50; activity++) {
                Map<String, Object> completion = new LinkedHashMap<>();
                completion.put("state", activity % 3 == 0 ? "COMPLETE" : "INCOMPLETE");
                completions.add(completion);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("user", Map.of("id", String.valueOf(1000 + user)));
            row.put("progress", user * 100.0 / 150);
            row.put("completions", completions);
            rows.add(row);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("rows", rows);
        report.put("endCursor", "MTAw");
        report.put("hasNextPage", true);
        return Map.of("courseCompletionReport", report);
    }
}
