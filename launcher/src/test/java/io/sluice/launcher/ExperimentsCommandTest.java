package io.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.core.config.SluiceConfigReader;
import io.sluice.core.topic.TopicNames;
import io.sluice.router.RouterServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice experiments} against a real router on a real broker: what it prints and its exit codes. */
class ExperimentsCommandTest {
    private static final String TOKEN = "experiments-cli-token";

    @TempDir
    static Path directory;

    private static EmbeddedKafka kafka;
    private static RouterServer router;
    private static Path tokenFile;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
        TopicProvisioner.provision(kafka.bootstrapServers(), new TopicNames("sluice."), TopicLayout.of(1, (short) 1),
                Duration.ofSeconds(30));
        tokenFile = Files.writeString(directory.resolve("token"), TOKEN + "\n");
        router = RouterServer.start(SluiceConfigReader.parse("""
                router: {port: 0, admin_token_file: %s, upstream: {base_url: "http://127.0.0.1:9"}}
                experiments:
                  - name: duel
                    arms: [{name: old, model: m1}, {name: new, model: m2}]
                    reward: {signals: {thumbs_up: 1}}
                """.formatted(tokenFile), "test"), kafka.bootstrapServers(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SluiceCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run experiments(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "experiments";
        all[1] = "--router";
        all[2] = "http://127.0.0.1:" + router.port();
        all[3] = "--token-file";
        all[4] = tokenFile.toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return run(all);
    }

    @Test
    void listsShowsPausesRollsBackAndRestores() {
        Run list = experiments("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("duel", "fixed", "none", "old, new");

        Run paused = experiments("pause", "duel", "new", "--reason", "p95 latency tripled");
        assertThat(paused.exit()).as(paused.err()).isZero();
        assertThat(paused.out()).contains("controls: paused: new", "policy version: fixed@").containsPattern(
                "new +m2 +yes +0\\.000");
        assertThat(router.experiments().find("duel").orElseThrow().controls().isPaused("new")).isTrue();

        assertThat(experiments("rollback", "duel").out()).contains("controls: rolled back");
        assertThat(experiments("restore", "duel").exit()).isZero();
        Run resumed = experiments("resume", "duel", "new");
        assertThat(resumed.out()).contains("controls: none").containsPattern("new +m2 +no +0\\.500");
        assertThat(experiments("show", "duel", "--json").out()).startsWith("{").contains("\"paused_arms\"");
    }

    @Test
    void mistakesAndRefusalsHaveTheirExitCodesAndSayWhy() {
        Run control = experiments("pause", "duel", "old");
        assertThat(control.exit()).isEqualTo(1);
        assertThat(control.err()).contains("the router answered 400", "control arm");
        Run noArm = experiments("pause", "duel", "newest");
        assertThat(noArm.exit()).isEqualTo(1);
        assertThat(noArm.err()).contains("404", "no arm 'newest'");

        assertThat(experiments("pause", "duel").err()).contains("expected the experiment's NAME and the ARM, got 1");
        assertThat(experiments("pause", "duel").exit()).isEqualTo(2);
        assertThat(experiments("freeze", "duel").err()).contains("unknown action 'freeze'");

        Run noRouter = run("experiments", "--router", "http://127.0.0.1:9", "--token-file", tokenFile.toString(),
                "list");
        assertThat(noRouter.exit()).isEqualTo(3);
        assertThat(noRouter.err()).contains("no router at http://127.0.0.1:9");
        Run notAUrl = run("experiments", "--router", "router:8080", "--token-file", tokenFile.toString(), "list");
        assertThat(notAUrl.exit()).isEqualTo(2);
        assertThat(notAUrl.err()).contains("--router 'router:8080' is not an http(s) URL");
    }
}
