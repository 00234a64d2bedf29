package io.sluice.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.core.experiment.ExperimentSpec;
import io.sluice.core.experiment.ExperimentSpecReader;
import io.sluice.core.topic.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the YAML configuration file; every default of the router and Kafka settings is here. */
public final class SluiceConfigReader {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
    public static final String DEFAULT_UPSTREAM_KEY_ENV = "OPENAI_API_KEY";
    public static final String DEFAULT_ADMIN_TOKEN_ENV = "SLUICE_ADMIN_TOKEN";
    public static final long DEFAULT_STICKY_CAPACITY = 1_000_000L;
    public static final int DEFAULT_PARTITIONS = 3;
    public static final Path DEFAULT_DATA_DIR = Path.of(".sluice", "kafka");
    public static final int DEFAULT_EMBEDDED_PORT = 9092;
    public static final Path DEFAULT_CHECKPOINT_DIR = Path.of(".sluice", "checkpoints");

    private static final YAMLMapper YAML = new YAMLMapper();
    static final Pattern URL = Pattern.compile("https?://[^\\s/]+(/\\S*)?");

    private SluiceConfigReader() {}

    public static SluiceConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(null, List.of(new ConfigError("", "no such file: " + file)));
        } catch (IOException e) {
            throw new ConfigException(null, List.of(new ConfigError("", "cannot read " + file + ": " + e.getMessage())));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), reference -> readYaml(base.resolve(reference)));
    }

    /** Reads an included YAML file, e.g. a rubric. */
    public static JsonNode readYaml(Path file) throws IOException {
        try {
            JsonNode node = YAML.readTree(Files.readString(file));
            if (node == null) {
                throw new IOException("the file is empty");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file, e);
        }
    }

    public static SluiceConfig parse(String yaml, String source) {
        return parse(yaml, source, IncludeResolver.NONE);
    }

    public static SluiceConfig parse(String yaml, String source, IncludeResolver includes) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(source, List.of(new ConfigError("", "not valid YAML" + where
                    + ": " + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        List<ConfigError> errors = new ArrayList<>();
        ConfigNode node = ConfigNode.root(root, errors);
        if (!root.isObject()) {
            node.error("the configuration must be a mapping with router, kafka and experiments");
            throw new ConfigException(source, errors);
        }
        node.allowOnly("router", "kafka", "jobs", "experiments");
        RouterSettings router = router(node.field("router"));
        KafkaSettings kafka = kafka(node.field("kafka"));
        JobSettings jobs = JobSettingsReader.read(node.field("jobs"));
        List<ExperimentSpec> experiments = ExperimentSpecReader.readAll(node.field("experiments"), includes);
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return new SluiceConfig(router, kafka, jobs, experiments);
    }

    /** The configuration of a file that says nothing: every default. */
    public static SluiceConfig defaults() {
        return parse("{}", "defaults");
    }

    private static RouterSettings router(ConfigNode node) {
        if (node.present()) {
            node.isObject();
        }
        node.allowOnly("host", "port", "unknown_models", "max_body_bytes", "upstream", "admin_token_env",
                "admin_token_file", "instance_id", "sticky_capacity", "client_keys");
        String host = node.field("host").text().orElse(DEFAULT_HOST);
        int port = port(node.field("port"), DEFAULT_PORT);
        UnknownModelPolicy unknown = node.field("unknown_models")
                .choice(UnknownModelPolicy.class, UnknownModelPolicy::wireName).orElse(UnknownModelPolicy.REJECT);
        long maxBody = node.field("max_body_bytes").integer().map(n -> {
            if (n < 1024) {
                node.field("max_body_bytes").error("must be >= 1024");
            }
            return n;
        }).orElse(DEFAULT_MAX_BODY_BYTES);
        UpstreamSettings upstream = upstream(node.field("upstream"));
        SecretRef admin = new SecretRef(node.field("admin_token_env").text().orElse(DEFAULT_ADMIN_TOKEN_ENV),
                node.field("admin_token_file").text().map(Path::of).orElse(null));
        String instance = node.field("instance_id").text().orElse(null);
        long sticky = node.field("sticky_capacity").integer().map(n -> {
            if (n < 1000) {
                node.field("sticky_capacity").error("must be >= 1000");
            }
            return n;
        }).orElse(DEFAULT_STICKY_CAPACITY);
        return new RouterSettings(host, port, unknown, maxBody, upstream, admin, instance, sticky,
                clientKeys(node.field("client_keys")));
    }

    /** {@code client_keys: [{name, key_env | key_file, allow: [requests, feedback, labels]}]}. */
    private static List<ClientKey> clientKeys(ConfigNode node) {
        List<ClientKey> keys = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ConfigNode entry : node.elements()) {
            if (!entry.isObject()) {
                continue;
            }
            entry.allowOnly("name", "key_env", "key_file", "allow");
            String name = entry.field("name").requiredText();
            if (name != null && !names.add(name)) {
                entry.field("name").error("duplicate client key name '" + name + "'");
            }
            String env = entry.field("key_env").text().orElse(null);
            Path file = entry.field("key_file").text().map(Path::of).orElse(null);
            if ((env == null) == (file == null)) {
                entry.error("give exactly one of key_env and key_file: where the key's value comes from");
            }
            java.util.Set<ClientPermission> allows = java.util.EnumSet.noneOf(ClientPermission.class);
            if (entry.field("allow").present()) {
                for (ConfigNode permission : entry.field("allow").elements()) {
                    permission.choice(ClientPermission.class, ClientPermission::wireName).ifPresent(allows::add);
                }
            } else {
                allows.addAll(java.util.EnumSet.allOf(ClientPermission.class));
            }
            if (name != null) {
                keys.add(new ClientKey(name, new SecretRef(env, file), allows));
            }
        }
        return keys;
    }

    private static UpstreamSettings upstream(ConfigNode node) {
        if (node.present()) {
            node.isObject();
        }
        node.allowOnly("base_url", "api_key_env", "api_key_file", "connect_timeout", "timeout", "idle_timeout",
                "max_connections");
        ConfigNode urlNode = node.field("base_url");
        String baseUrl = urlNode.text().orElse(null);
        if (baseUrl != null && !URL.matcher(baseUrl).matches()) {
            urlNode.error("must be an http(s) URL such as https://api.openai.com/v1, was '" + baseUrl + "'");
        }
        SecretRef key = new SecretRef(node.field("api_key_env").text().orElse(DEFAULT_UPSTREAM_KEY_ENV),
                node.field("api_key_file").text().map(Path::of).orElse(null));
        Duration connect = positive(node.field("connect_timeout"), Duration.ofSeconds(5));
        Duration timeout = positive(node.field("timeout"), Duration.ofSeconds(120));
        Duration idle = positive(node.field("idle_timeout"), Duration.ofSeconds(60));
        int maxConnections = node.field("max_connections").integer().map(n -> {
            if (n < 1 || n > 10_000) {
                node.field("max_connections").error("must be in [1, 10000]");
            }
            return n.intValue();
        }).orElse(200);
        return new UpstreamSettings(baseUrl == null ? null : stripSlash(baseUrl), key, connect, timeout, idle,
                maxConnections);
    }

    private static KafkaSettings kafka(ConfigNode node) {
        if (node.present()) {
            node.isObject();
        }
        node.allowOnly("bootstrap", "topic_prefix", "partitions", "replication_factor", "data_dir", "embedded_port");
        String bootstrap = node.field("bootstrap").text().orElse(null);
        ConfigNode prefixNode = node.field("topic_prefix");
        String prefix = prefixNode.text().orElse(TopicNames.DEFAULT_PREFIX);
        try {
            new TopicNames(prefix);
        } catch (IllegalArgumentException e) {
            prefixNode.error(e.getMessage());
        }
        int partitions = node.field("partitions").integer().map(n -> {
            if (n < 1 || n > 1000) {
                node.field("partitions").error("must be in [1, 1000]");
            }
            return n.intValue();
        }).orElse(DEFAULT_PARTITIONS);
        Short replication = node.field("replication_factor").integer().map(n -> {
            if (n < 1 || n > Short.MAX_VALUE) {
                node.field("replication_factor").error("must be >= 1");
            }
            return (short) Math.max(1, Math.min(n, Short.MAX_VALUE));
        }).orElse(null);
        Path dataDir = node.field("data_dir").text().map(Path::of).orElse(DEFAULT_DATA_DIR);
        int port = port(node.field("embedded_port"), DEFAULT_EMBEDDED_PORT);
        return new KafkaSettings(bootstrap, prefix, partitions, replication, dataDir, port);
    }

    private static int port(ConfigNode node, int fallback) {
        Optional<Long> port = node.integer();
        if (port.isPresent() && (port.get() < 0 || port.get() > 65535)) {
            node.error("must be a port in [0, 65535] (0 picks a free one)");
            return fallback;
        }
        return port.map(Long::intValue).orElse(fallback);
    }

    static Duration positive(ConfigNode node, Duration fallback) {
        Duration d = node.duration().orElse(fallback);
        if (d.isZero() || d.isNegative()) {
            node.error("must be > 0");
            return fallback;
        }
        return d;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
