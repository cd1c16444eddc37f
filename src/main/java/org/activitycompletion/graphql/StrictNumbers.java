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
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.SchemaTransformer;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;

/**
 * {@code Int} and {@code Float} inputs as the GraphQL specification coerces them: a number, never
 * a string. SmallRye's number scalars also read a numeric string ({@code grade: "12"}, or
 * {@code "12"} in the variables) as the number, for its {@code @NumberFormat}, which this service
 * does not use; here that is a request error, INVALID_ARGUMENT like any other wrong type.
 * Output and every other input stay SmallRye's.
 */
final class StrictNumbers {

    private static final Set<String> NUMBERS = Set.of("Int", "Float");

    private StrictNumbers() {
    }

    static GraphQLSchema apply(GraphQLSchema schema) {
        return SchemaTransformer.transformSchema(schema, new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLScalarType(GraphQLScalarType node,
                    TraverserContext<GraphQLSchemaElement> context) {
                if (!NUMBERS.contains(node.getName()) || node.getCoercing() instanceof Strict) {
                    return TraversalControl.CONTINUE;
                }
                return TreeTransformerUtil.changeNode(context,
                        node.transform(scalar -> scalar.coercing(new Strict(node.getName(), node.getCoercing()))));
            }
        });
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
