package org.activitycompletion.graphql;

import java.util.List;

import graphql.GraphQL;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.spi.EventingService;
import org.activitycompletion.graphql.fastpath.FastPath;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the API adds to SmallRye's graphql-java engine before it is built: the limits on query
 * depth and complexity ({@link QueryLimits}), the error mapping of {@link GraphQLErrors}, and
 * {@code Int} and {@code Float} inputs that refuse strings ({@link StrictNumbers}). The execution
 * machinery ({@link FastPath}) adds its own parts here too, unless it is switched off. SmallRye
 * finds this class through {@code META-INF/services} as an {@link EventingService}, creating it
 * before it builds the schema (the constructor puts the strict numbers in place then), and calls only
 * {@link #beforeGraphQLBuild}. (SmallRye's CDI events, {@code quarkus.smallrye-graphql.events.enabled},
 * would also deliver the builder, but they fire four more CDI events per request, each resolving its
 * observers again: a sixth of a repeat view's time.)
 */
public class GraphQLSetup implements EventingService {

    public GraphQLSetup() {
        StrictNumbers.register();
    }

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Config config = ConfigProvider.getConfig();
        int maxDepth = config.getOptionalValue("completion.graphql.max-depth", Integer.class).orElse(15);
        int maxComplexity = config.getOptionalValue("completion.graphql.max-complexity", Integer.class).orElse(1000);
        GraphQL built = builder.build();
        GraphQLSchema strict = StrictNumbers.check(built.getGraphQLSchema());
        return FastPath.install(builder, built, List.of(new QueryLimits(maxDepth, maxComplexity, FastPath.enabled()),
                new GraphQLErrors.Mapper()), strict);
    }
}
