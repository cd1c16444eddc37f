package org.activitycompletion.graphql;

import java.util.Locale;
import java.util.Set;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.scalar.GraphQLScalarTypes;

/**
 * {@code Int} and {@code Float} inputs as the GraphQL specification coerces them: a number, never
 * a string. SmallRye's number scalars also read a numeric string ({@code grade: "12"}, or
 * {@code "12"} in the variables) as the number, for its {@code @NumberFormat}, which this service
 * does not use; here that is a request error, INVALID_ARGUMENT like any other wrong type.
 * Output and every other input stay SmallRye's.
 *
 * <p>The strict scalars go into SmallRye's scalars by name ({@link #register}) before SmallRye builds
 * the schema, so the schema is built with them. (Rebuilding the finished schema with graphql-java's
 * {@code SchemaTransformer} allocated 7.4 MB on the first request, a quarter of what a native
 * start allocates: docs/native.md.)
 */
final class StrictNumbers {

    private static final Set<String> NUMBERS = Set.of("Int", "Float");

    private StrictNumbers() {
    }

    /**
     * Replaces SmallRye's {@code Int} and {@code Float} by name with the strict ones. SmallRye's
     * {@code Bootstrap} reads them by name while it builds the schema, after it has created the
     * eventing services ({@link GraphQLSetup}, whose constructor calls this). The Java types keep
     * their scalars (SmallRye converts arguments with them): the strict ones are filed under a class
     * name of their own.
     */
    static void register() {
        for (String name : NUMBERS) {
            GraphQLScalarType scalar = GraphQLScalarTypes.getScalarByName(name);
            if (!(scalar.getCoercing() instanceof Strict)) {
                GraphQLScalarTypes.registerCustomScalar(name, StrictNumbers.class.getName() + "." + name,
                        scalar.transform(strict -> strict.coercing(new Strict(name, scalar.getCoercing()))));
            }
        }
    }

    /** The schema, once it is certain its {@code Int} and {@code Float} are the strict ones. */
    static GraphQLSchema check(GraphQLSchema schema) {
        for (String name : NUMBERS) {
            if (schema.getType(name) instanceof GraphQLScalarType scalar && !(scalar.getCoercing() instanceof Strict)) {
                throw new IllegalStateException("SmallRye built the schema's " + name
                        + " before StrictNumbers.register() replaced it; numeric strings would be accepted");
            }
        }
        return schema;
    }

    /**
     * The scalar's own coercing, refusing strings on input. graphql-java calls the methods with a
     * context; the older ones, which SmallRye's coercing still implements, are routed through them.
     */
    @SuppressWarnings({ "rawtypes", "unchecked", "deprecation" })
    private record Strict(String name, Coercing delegate) implements Coercing<Object, Object> {

        @Override
        public Object serialize(Object result, GraphQLContext context, Locale locale) throws CoercingSerializeException {
            return delegate.serialize(result, context, locale);
        }

        @Override
        public Object serialize(Object result) throws CoercingSerializeException {
            return serialize(result, GraphQLContext.getDefault(), Locale.getDefault());
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) throws CoercingParseValueException {
            if (input instanceof CharSequence) {
                throw new CoercingParseValueException(message(input));
            }
            return delegate.parseValue(input, context, locale);
        }

        @Override
        public Object parseValue(Object input) throws CoercingParseValueException {
            return parseValue(input, GraphQLContext.getDefault(), Locale.getDefault());
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
                throws CoercingParseLiteralException {
            if (input instanceof StringValue string) {
                throw new CoercingParseLiteralException(message(string.getValue()));
            }
            return delegate.parseLiteral(input, variables, context, locale);
        }

        @Override
        public Object parseLiteral(Object input) throws CoercingParseLiteralException {
            return parseLiteral((Value<?>) input, CoercedVariables.emptyVariables(), GraphQLContext.getDefault(),
                    Locale.getDefault());
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return delegate.valueToLiteral(input, context, locale);
        }

        @Override
        public Value valueToLiteral(Object input) {
            return valueToLiteral(input, GraphQLContext.getDefault(), Locale.getDefault());
        }

        private String message(Object input) {
            return "Expected a number for " + name + ", not the string \"" + input + "\".";
        }
    }
}
