package io.sluice.launcher.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.json.SluiceJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice experiments}: what a router serves, and its controls, through the router's admin
 * API. Exit codes: 0 done, 1 the router refused (its message is printed), 2 a mistake on the command
 * line (no token, say), 3 the router could not be reached.
 */
@Command(
        name = "experiments",
        mixinStandardHelpOptions = true,
        versionProvider = io.sluice.launcher.BuildVersion.class,
        description = {
            "Show a router's experiments and pause, resume or roll them back, through its admin API.",
            "",
            "  sluice experiments list",
            "  sluice experiments show NAME",
            "  sluice experiments pause NAME ARM [--reason TEXT]",
            "  sluice experiments resume NAME ARM",
            "  sluice experiments rollback NAME [--reason TEXT]",
            "  sluice experiments restore NAME",
            "",
            "Exit codes: 0 done, 1 the router refused, 2 a mistake on the command line, 3 the router could not "
                    + "be reached."
        })
public final class ExperimentsCommand implements Callable<Integer> {
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--router", defaultValue = "${env:SLUICE_ROUTER_URL:-http://127.0.0.1:8080}",
            description = "The router's address (default: $SLUICE_ROUTER_URL, else ${DEFAULT-VALUE}).")
    String router;

    @Option(names = "--token-file", description = "A file holding the admin token (default: $SLUICE_ADMIN_TOKEN).")
    Path tokenFile;

    @Option(names = "--reason", description = "Why, for a pause or rollback; recorded on the controls topic.")
    String reason;

    @Option(names = "--json", description = "Print the router's JSON answer as it is.")
    boolean json;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, show, pause, resume, rollback or restore")
    String action;

    @Parameters(index = "1..*", paramLabel = "NAME [ARM]", arity = "0..2",
            description = "The experiment, and for pause and resume the arm.")
    java.util.List<String> names = new java.util.ArrayList<>();

    private static final Map<String, Integer> ARGUMENTS = Map.of("list", 0, "show", 1, "pause", 2, "resume", 2,
            "rollback", 1, "restore", 1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Integer wanted = ARGUMENTS.get(action);
        if (wanted == null) {
            err.println("sluice experiments: unknown action '" + action
                    + "' (list, show, pause, resume, rollback or restore)");
            return USAGE;
        }
        if (names.size() != wanted) {
            err.println("sluice experiments " + action + ": expected " + switch (wanted) {
                case 0 -> "no arguments";
                case 1 -> "the experiment's NAME";
                default -> "the experiment's NAME and the ARM";
            } + ", got " + names.size());
            return USAGE;
        }
        String token;
        try {
            token = token();
        } catch (IllegalArgumentException e) {
            err.println("sluice experiments: " + e.getMessage());
            return USAGE;
        }
        String path = switch (action) {
            case "list" -> "/admin/experiments";
            case "show" -> "/admin/experiments/" + encode(names.get(0));
            case "pause", "resume" -> "/admin/experiments/" + encode(names.get(0)) + "/arms/" + encode(names.get(1))
                    + "/" + action;
            default -> "/admin/experiments/" + encode(names.get(0)) + "/" + action;
        };
        boolean read = action.equals("list") || action.equals("show");
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).timeout(TIMEOUT)
                .header("authorization", "Bearer " + token);
        if (read) {
            request.GET();
        } else {
            request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    reason == null ? "" : SluiceJson.toJson(Map.of("reason", reason))));
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("sluice experiments: no router at " + router + " (" + e.getMessage() + "); set --router or "
                    + "SLUICE_ROUTER_URL");
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("sluice experiments: the router at " + router + " did not answer: " + e.getMessage());
            return UNREACHABLE;
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 300) {
            String message = body == null ? response.body() : body.at("/error/message").asText(response.body());
            err.printf("sluice experiments %s: the router answered %d: %s%n", action, response.statusCode(), message);
            return REFUSED;
        }
        if (json || body == null) {
            out.println(response.body());
        } else if (action.equals("list")) {
            out.print(ExperimentsTable.list(body));
        } else {
            out.print(ExperimentsTable.show(body));
        }
        out.flush();
        return 0;
    }

    private String token() {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("--token-file " + tokenFile + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new IllegalArgumentException("--token-file: cannot read " + tokenFile + ": " + e.getMessage());
            }
        }
        String token = System.getenv("SLUICE_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no admin token: set SLUICE_ADMIN_TOKEN or give --token-file");
        }
        return token.strip();
    }

    private URI base() {
        try {
            URI uri = URI.create(router.endsWith("/") ? router.substring(0, router.length() - 1) : router);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("--router '" + router + "' is not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--router") ? e.getMessage()
                    : "--router '" + router + "' is not a URL");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String body) {
        try {
            return SluiceJson.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
