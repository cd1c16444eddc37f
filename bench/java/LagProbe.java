import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Invalidation lag between two instances: a student ticks a manual activity through instance A,
 * then instance B is read until it answers the new state. The lag of one sample is the time from
 * A's answer (the write has committed) to the start of the first read through B that saw it: no
 * read begun later could have been stale. B's entry is read (so cached) before each write.
 *
 *   java bench/java/LagProbe.java http://127.0.0.1:18092 http://127.0.0.1:18093 COURSE LABEL_IDS STUDENT_BASE SAMPLES
 *
 * Students 901..1000 are used (bench/lua's write scenarios touch assignments, not labels).
 * Prints p50, p90, p99 and max in ms, and how many reads through B answered the old state.
 */
public class LagProbe {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String a = args[0];
        String b = args[1];
        String course = args[2];
        String[] labels = args[3].split(",");
        long studentBase = Long.parseLong(args[4]);
        int samples = Integer.parseInt(args[5]);
        List<Double> lags = new ArrayList<>();
        long staleReads = 0;
        for (int i = 0; i < samples; i++) {
            int n = 901 + i % 100;
            String token = "bench-student-" + n;
            long user = studentBase + n;
            String label = labels[(i / 100) % labels.length];
            String read = "{\"query\":\"{ activitiesCompletionStatus(courseId: " + course + ", userId: " + user
                    + ") { statuses { activityId state } } }\"}";
            String before = state(post(b, token, read), label);
            state(post(b, token, read), label); // cached now
            boolean complete = !"COMPLETE".equals(before);
            String written = post(a, token, "{\"query\":\"mutation { setManualCompletion(activityId: " + label
                    + ", completed: " + complete + ") { state } }\"}");
            long writtenAt = System.nanoTime();
            if (!written.contains(complete ? "\"COMPLETE\"" : "\"INCOMPLETE\"")) {
                throw new IllegalStateException("write failed: " + written);
            }
            String expected = complete ? "COMPLETE" : "INCOMPLETE";
            long began;
            while (true) {
                began = System.nanoTime();
                if (expected.equals(state(post(b, token, read), label))) {
                    break;
                }
                staleReads++;
                if (began - writtenAt > 10_000_000_000L) {
                    throw new IllegalStateException("B did not see the write within 10 s");
                }
            }
            lags.add(Math.max(0, began - writtenAt) / 1e6);
        }
        Collections.sort(lags);
        System.out.printf("lag samples=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms stale_reads=%d%n",
                lags.size(), pct(lags, 50), pct(lags, 90), pct(lags, 99), lags.get(lags.size() - 1), staleReads);
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String post(String base, String token, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/graphql"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The state of one activity in a status answer. */
    static String state(String answer, String activity) {
        int at = answer.indexOf("\"activityId\":\"" + activity + "\"");
        if (at < 0) {
            throw new IllegalStateException("activity " + activity + " not in " + answer);
        }
        int s = answer.indexOf("\"state\":\"", at) + 9;
        return answer.substring(s, answer.indexOf('"', s));
    }
}
