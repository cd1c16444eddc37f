package org.activitycompletion.moodlews;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.activitycompletion.common.ApiException;
import org.activitycompletion.common.DatabaseErrors;
import org.activitycompletion.security.CurrentCaller;
import org.jboss.logging.Logger;

/**
 * Moodle's REST web-service endpoint: {@code wstoken}, {@code wsfunction} and
 * {@code moodlewsrestformat} (xml by default, or json), the function's arguments by query or
 * form. Answers HTTP 200 with Moodle's result or exception, in Moodle's exact shapes.
 */
@Path("/webservice/rest/server.php")
public class MoodleRestResource {

    private static final Logger LOG = Logger.getLogger(MoodleRestResource.class);

    @Inject
    CurrentCaller caller;

    @Inject
    WsFunctions functions;

    @GET
    public Response get(@Context UriInfo uri) {
        return handle(new LinkedHashMap<>(uri.getQueryParameters()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@Context UriInfo uri, MultivaluedMap<String, String> form) {
        Map<String, List<String>> fields = new LinkedHashMap<>(uri.getQueryParameters());
        fields.putAll(form); // PHP's array_merge($_GET, $_POST): the body wins
        return handle(fields);
    }

    private Response handle(Map<String, List<String>> fields) {
        boolean json = "json".equals(last(fields.remove("moodlewsrestformat")));
        String token = last(fields.remove("wstoken"));
        String function = last(fields.remove("wsfunction"));
        fields.keySet().removeIf(name -> name.startsWith("moodlewssetting"));
        String body;
        try {
            if (token == null || token.isEmpty()) {
                throw MoodleException.invalidToken();
            }
            caller.useToken(token);
            Object result = functions.call(function, WsParameters.parse(fields));
            body = json ? WsWriter.json(result) : WsWriter.xml(result);
        } catch (MoodleException e) {
            body = error(e, json);
        } catch (ApiException e) {
            body = error(MoodleException.of(e), json);
        } catch (RuntimeException e) {
            if (DatabaseErrors.classify(e) != null) {
                LOG.warnf("Database failure in %s: %s", function, e.toString());
                body = error(new MoodleException("dml_read_exception", "dmlreadexception", "Error reading from database"),
                        json);
            } else {
                LOG.error("Unexpected failure in " + function, e);
                body = error(new MoodleException("moodle_exception", "generalexceptionmessage", "Internal error"), json);
            }
        }
        return Response.ok(body)
                .type(json ? "application/json" : "application/xml; charset=utf-8")
                .header("Cache-Control", "private, must-revalidate, pre-check=0, post-check=0, max-age=0")
                .header("Pragma", "no-cache")
                .header("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")
                .header("Accept-Ranges", "none")
                .build();
    }

    private static String error(MoodleException e, boolean json) {
        return json ? WsWriter.jsonError(e) : WsWriter.xmlError(e);
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
