package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import io.smallrye.graphql.execution.ExecutionResponse;

/** The bytes written are SmallRye's JSON-P text encoded as UTF-8, for every kind of value and every character. */
class JsonBytesTest {

    private static void assertSameBytes(ExecutionResult result) throws Exception {
        byte[] expected = new ExecutionResponse(result).getExecutionResultAsString().getBytes(StandardCharsets.UTF_8);
        ExecutionResult viewed = new JsonResult().instrumentExecutionResult(result, null, null).get(5, TimeUnit.SECONDS);
        byte[] written = JsonBytes.bytes(new ExecutionResponse(viewed).getExecutionResultAsJsonObject());
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(written, StandardCharsets.UTF_8));
        assertArrayEquals(expected, written);
        assertArrayEquals(expected, JsonBytes.write(new ExecutionResponse(viewed).getExecutionResultAsJsonObject()).getBytes());
    }

    private static ExecutionResult data(Object data) {
        return ExecutionResultImpl.newExecutionResult().data(data).build();
    }

    @Test
    void everyKindOfValue() throws Exception {
        assertSameBytes(data(JsonResultTest.everyKind()));
        assertSameBytes(data(Map.of()));
        assertSameBytes(data(new PlainExecution.ResultObject(new String[] { "a" }, new Object[] { new ArrayList<>() })));
    }

    @Test
    void repeatedStringsAndStringsOfTheSameHash() throws Exception {
        // "Aa" and "BB" share a hash, and so a slot of the writer's memory of written strings.
        String[] keys = { "Aa", "state" };
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String value = i % 3 == 0 ? "BB" : i % 3 == 1 ? "Aa" : new String("Aa"); // equal, another instance
            rows.add(new PlainExecution.ResultObject(keys, new Object[] { value, i % 2 == 0 ? "COMPLETE" : "x".repeat(40) }));
        }
        assertSameBytes(data(Map.of("rows", rows)));
    }

    @Test
    void errorsExtensionsAndNullData() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("course", null);
        assertSameBytes(ExecutionResultImpl.newExecutionResult().data(data)
                .addError(GraphqlErrorBuilder.newError().message("Course \"9\"\ndoes not exist.")
                        .path(ResultPath.parse("/course/activities[2]")).location(new SourceLocation(1, 3))
                        .extensions(Map.of("code", "NOT_FOUND")).build())
                .addExtension("cost", 12).build());
        assertSameBytes(ExecutionResultImpl.newExecutionResult()
                .addError(GraphqlErrorBuilder.newError().message("Validation error").build()).build());
    }

    @Test
    void everyCharacterInValuesAndKeys() throws Exception {
        List<Object> strings = new ArrayList<>();
        Map<String, Object> keys = new LinkedHashMap<>();
        for (int start = 0; start < 0x10000; start += 256) {
            StringBuilder chunk = new StringBuilder();
            for (int c = start; c < start + 256; c++) {
                chunk.append((char) c); // lone surrogates among them, and pairs where a high one meets a low one
            }
            strings.add(chunk.toString());
            keys.put(chunk.toString(), start);
        }
        strings.add("emoji \uD83D\uDE00 pair, reversed \uDE00\uD83D, high at the end \uD83D");
        strings.add("\uDBFF\uDFFF\uD800\uDC00");
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = random.nextInt(4) == 0 ? (char) (0xD800 + random.nextInt(0x800)) : (char) random.nextInt(0x100);
            }
            strings.add(new String(chars));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("strings", strings);
        data.put("keys", keys);
        assertSameBytes(data(data));
    }
}
