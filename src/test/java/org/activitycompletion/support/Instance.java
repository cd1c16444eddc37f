package org.activitycompletion.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * One instance of the packaged service ({@code target/quarkus-app}), run as its own process on
 * a database given by JDBC URL, as a deployment runs it; its output goes to a log file. It
 * listens on a port the system gives it (HTTP port 0), read from its log once it has started: a
 * port picked here and handed over could be taken in between, by any process's outgoing
 * connection (it is in the same ephemeral range), and was, once, in CI.
 */
public final class Instance implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^\\s:]+:(\\d+)");

    public final String name;
    public final Path log;
    private final Process process;
    private volatile int port;

    private Instance(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the service on the database at {@code jdbcUrl}, or on its own embedded PostgreSQL when
     * that is null; {@code jvmOptions} go before {@code -jar}. Call {@link #awaitReady} before using it.
     */
    public static Instance start(String name, String jdbcUrl, Path work, Map<String, String> environment,
            String... jvmOptions) throws IOException {
        String appDir = System.getProperty("packaged.app.dir", "target/quarkus-app");
        Path log = work.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", Path.of(appDir, "quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (jdbcUrl == null) {
            builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        } else {
            builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        }
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        builder.environment().put("COMPLETION_ADMIN_TOKEN", Gql.ADMIN_TOKEN);
        builder.environment().putAll(environment);
        return new Instance(name, log, builder.start());
    }

    /** Waits until the instance has logged its port and {@code /q/health/ready} answers 200. */
    public Instance awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logText());
            }
            if (port == 0) {
                Matcher listening = LISTENING.matcher(logText());
                if (listening.find()) {
                    port = Integer.parseInt(listening.group(1));
                }
            }
            try {
                if (port != 0 && given().baseUri("http://127.0.0.1").port(port).get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (Exception notYet) { // RestAssured throws the ConnectException unchecked
                // not listening yet
            }
            process.waitFor(100, TimeUnit.MILLISECONDS); // polls readiness; returns early if the process dies
        }
        process.destroyForcibly(); // the caller never gets the instance to close
        throw new AssertionError(name + " was not ready within 120 s:\n" + logText());
    }

    /** The port it listens on, known once {@link #awaitReady} has returned. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException(name + ": awaitReady() first");
        }
        return port;
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    public List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** Runs a GraphQL document on this instance; the HTTP status must be 200. */
    public JsonPath run(String token, String document, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        RequestSpecification request = given().baseUri("http://127.0.0.1").port(port()).contentType(ContentType.JSON)
                .body(Map.of("query", document, "variables", vars));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.post("/graphql").then().statusCode(200).extract().jsonPath();
    }

    /** Runs a document that must succeed and returns its {@code data}. */
    public JsonPath ok(String token, String document, Object... variables) {
        JsonPath result = run(token, document, variables);
        List<Object> errors = result.getList("errors");
        if (errors != null && !errors.isEmpty()) {
            throw new AssertionError(name + ": unexpected errors: " + result.prettify());
        }
        return result.setRootPath("data");
    }

    /** Sends SIGTERM and waits for the process to end; returns how long that took, in ms. */
    public long stop() throws InterruptedException {
        long began = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 60 s of SIGTERM");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
