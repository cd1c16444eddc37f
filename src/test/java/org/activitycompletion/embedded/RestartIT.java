package org.activitycompletion.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service, started twice on the same embedded data directory, keeps its data;
 * it also stops its PostgreSQL when it stops.
 */
class RestartIT {

    static final String TOKEN = "restart-test-admin-token";

    @TempDir
    Path work;

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dataDir = work.resolve("pgdata");
        int port = freePort();

        Process first = start(dataDir, port);
        try {
            String created = graphql(port, "mutation { createCourse(shortName: \"KEEP1\", fullName: \"Kept\") { id } }");
            assertTrue(created.contains("\"createCourse\":{\"id\""), created);
        } finally {
            stop(first);
        }
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "PostgreSQL stopped with the service");

        Process second = start(dataDir, port);
        try {
            String read = graphql(port, "{ courses { shortName fullName } }");
            assertEquals("{\"data\":{\"courses\":[{\"shortName\":\"KEEP1\",\"fullName\":\"Kept\"}]}}", read);
            String admins = graphql(port, "{ me { username } }");
            assertTrue(admins.contains("admin"), admins);
        } finally {
            stop(second);
        }
    }

    Process start(Path dataDir, int port) throws Exception {
        String appDir = System.getProperty("packaged.app.dir", "target/quarkus-app");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcompletion.embedded.data-dir=" + dataDir, "-Dquarkus.http.port=" + port,
                "-jar", Path.of(appDir, "quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("service-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("COMPLETION_ADMIN_TOKEN", TOKEN);
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The service exited with " + process.exitValue());
            }
            try {
                if (get(port, "/q/health/ready").statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("The service did not become ready in 90 s");
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The service did not stop within 30 s of SIGTERM");
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String graphql(int port, String query) throws IOException, InterruptedException {
        String body = "{\"query\":\"" + query.replace("\"", "\\\"") + "\"}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
