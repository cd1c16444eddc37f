package org.activitycompletion.graphql.fastpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphqlErrorBuilder;
import io.smallrye.graphql.execution.ExecutionResponse;

/** The JSON view writes exactly what SmallRye's own conversion writes, for every kind of value. */
class JsonResultTest {

    private static String smallRye(ExecutionResult result) {
        return new ExecutionResponse(result).getExecutionResultAsString();
    }

    private static String viaView(ExecutionResult result) throws Exception {
        ExecutionResult viewed = new JsonResult().instrumentExecutionResult(result, null, null).get(5, TimeUnit.SECONDS);
        return new ExecutionResponse(viewed).getExecutionResultAsString();
    }

    static Map<String, Object> everyKind() {
        Map<String, Object> leaves = new LinkedHashMap<>();
        leaves.put("string", "a \"quoted\" \\ line\nwith ünïcode and \u0001 control");
        leaves.put("empty", "");
        leaves.put("int", 42);
        leaves.put("negative", -7);
        leaves.put("short", (short) 3);
        leaves.put("byte", (byte) 1);
        leaves.put("long", 9_007_199_254_740_993L);
        leaves.put("double", 66.66666666666667);
        leaves.put("wholeDouble", 100.0);
        leaves.put("tinyDouble", 1.0E-12);
        leaves.put("float", 0.1f);
        leaves.put("bigDecimal", new BigDecimal("12.3400"));
        leaves.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        leaves.put("true", true);
        leaves.put("false", false);
        leaves.put("null", null);
        leaves.put("enum", TimeUnit.SECONDS);
        leaves.put("other", LocalDate.of(2026, 11, 23));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leaves", leaves);
        data.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(), Map.of())));
        data.put("set", new LinkedHashSet<>(List.of("x", "y")));
        data.put("rows", List.of(Map.of("state", "COMPLETE"), Map.of("state", "INCOMPLETE")));
        data.put("emptyObject", new LinkedHashMap<>());
        String[] keys = { "user", "progress", "state", "missing" };
        data.put("plainRows", List.of(
                new PlainExecution.ResultObject(keys, new Object[] { Map.of("id", "7"), 66.66666666666667, "COMPLETE", null }),
                new PlainExecution.ResultObject(new String[0], new Object[0])));
        return data;
    }

    @Test
    void writesWhatSmallRyeWrites() throws Exception {
        ExecutionResult result = ExecutionResultImpl.newExecutionResult().data(everyKind()).build();
        assertEquals(smallRye(result), viaView(result));
    }

    @Test
    void keepsErrorsAndNullData() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("course", null);
        ExecutionResult partial = ExecutionResultImpl.newExecutionResult().data(data)
                .addError(GraphqlErrorBuilder.newError().message("Course 9 does not exist.").build()).build();
        assertEquals(smallRye(partial), viaView(partial));

        ExecutionResult failed = ExecutionResultImpl.newExecutionResult()
                .addError(GraphqlErrorBuilder.newError().message("Validation error").build()).build();
        assertFalse(failed.isDataPresent());
        assertEquals(smallRye(failed), viaView(failed));
    }

    @Test
    void readsLikeAJsonObject() {
        JsonObject view = new JsonResult.ObjectView(everyKind());
        JsonObject leaves = view.getJsonObject("leaves");
        assertEquals(42, leaves.getInt("int"));
        assertEquals(5, leaves.getInt("missing", 5));
        assertEquals("", leaves.getString("empty"));
        assertEquals("fallback", leaves.getString("int", "fallback"));
        assertTrue(leaves.getBoolean("true"));
        assertFalse(leaves.getBoolean("missing", false));
        assertTrue(leaves.isNull("null"));
        assertTrue(leaves.containsKey("null"));
        assertSame(JsonValue.NULL, leaves.get("null"));
        assertNull(leaves.get("missing"));
        assertEquals("SECONDS", leaves.getString("enum"));
        assertEquals(5, view.getJsonArray("list").size());
        assertEquals("two", view.getJsonArray("list").getString(1));
        assertTrue(view.getJsonArray("list").isNull(2));
        assertEquals("INCOMPLETE", view.getJsonArray("rows").getJsonObject(1).getString("state"));
        JsonObject plain = view.getJsonArray("plainRows").getJsonObject(0);
        assertEquals("COMPLETE", plain.getString("state"));
        assertTrue(plain.isNull("missing"));
        assertNull(plain.get("absent"));
        assertEquals(List.of("user", "progress", "state", "missing"), List.copyOf(plain.keySet()));
        assertInstanceOf(JsonObject.class, view.getJsonArray("list").get(4));
        assertEquals(view.toString(), smallRye(ExecutionResultImpl.newExecutionResult().data(everyKind()).build())
                .replaceFirst("^\\{\"data\":", "").replaceFirst("}$", ""));
    }
}
