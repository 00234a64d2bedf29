package io.sluice.flink.judge;

import io.sluice.flink.job.JobEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.sluice.broker.EmbeddedKafka;
import io.sluice.broker.EmbeddedKafkaConfig;
import io.sluice.broker.TopicLayout;
import io.sluice.broker.TopicProvisioner;
import io.sluice.broker.TopicReader;
import io.sluice.core.calibration.CalibrationCurve;
import io.sluice.core.event.Alert;
import io.sluice.core.event.AlertEvidence;
import io.sluice.core.event.AlertKind;
import io.sluice.core.event.Calibration;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.Trace;
import io.sluice.core.json.SluiceJson;
import io.sluice.core.monitor.JudgeMonitorSettings;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.JudgeFixtures;
import io.sluice.flink.agreement.AgreementJob;
import io.sluice.flink.agreement.AgreementSettings;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.simulator.upstream.SimulatedUpstream;
import io.sluice.simulator.world.JudgeProfile;
import io.sluice.simulator.world.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibrated online judge as it runs: the online judge and the agreement job on a Flink
 * MiniCluster, a real broker, the simulated judge model over HTTP. Traces of known quality go in
 * as the router writes them, labels as annotators give them, and everything is checked on the
 * topics: scores, the calibration the labels buy, the drift alert when the judge starts to
 * over-score, the recalibration and the recovery, and scores stamped with each calibration.
 *
 * <p>The simulated judge's grades are seeded by the answer, so the story is the same in every run.
 * Each batch of labels is written only once the batch's scores are on their topic, so pairs reach
 * the monitor in the order the labels were given and complete at the labels' times.
 */
class JudgePipelineEndToEndTest extends JudgeFixtures {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECKPOINTS = Duration.ofSeconds(1);

    private static final String SUPPORT = "support-bot";
    private static final String FLAKY_MODEL = "sim-judge-flaky";
    private static final String SLOW_MODEL = "sim-judge-slow";
    /** How far the drifting judge over-scores, in scale points. */
    private static final double DRIFT = 2.0;

    /**
     * The monitor at test size: the first calibration after 40 pairs, the refit on the 40 after a
     * detection, recovery judged over 20; the drift tests keep their defaults.
     */
    private static final JudgeMonitorSettings MONITOR;

    static {
        JudgeMonitorSettings d = JudgeMonitorSettings.DEFAULTS;
        MONITOR = new JudgeMonitorSettings(60, 40, 40, d.residualDelta(), d.residualLambda(),
                d.absoluteResidualDelta(), d.absoluteResidualLambda(), 20, d.recoveryMaeMargin(), d.intervalLevel());
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    static Path directory;

    private static EmbeddedKafka kafka;
    private static SimulatedUpstream judges;
    private static KafkaProducer<String, byte[]> producer;

    private final List<JobClient> jobs = new ArrayList<>();
    private TopicNames topics;
    private Instant lastLabelAt = Instant.EPOCH;

    /** A traced answer and the rubric level its true quality is worth. */
    private record Answer(Trace trace, int level) {
        String requestId() {
            return trace.requestId();
        }
    }

    @BeforeAll
    static void startBrokerAndJudges() {
        kafka = new EmbeddedKafka(EmbeddedKafkaConfig.inDirectory(directory.resolve("kafka"))).start();
        judges = SimulatedUpstream.start(SimulatorConfig.builder().judges(List.of(
                        JudgeProfile.builder().model(JUDGE_MODEL).noise(0.2).instant().build(),
                        JudgeProfile.builder().model(FLAKY_MODEL).noise(0.2).errorRate(0.5).instant().build(),
                        JudgeProfile.builder().model(SLOW_MODEL).latency(Duration.ofSeconds(2))
                                .jitter(Duration.ZERO).build()))
                .build());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBrokerAndJudges() {
        producer.close();
        judges.close();
        kafka.close();
    }

    @AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : jobs) {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void labelsCalibrateTheJudgeItsDriftIsCaughtAndTheRecalibratedJudgeRecovers() throws Exception {
        topics = provision("judged.");
        publish(Topic.EXPERIMENTS, SUPPORT, judgedSpecJson(SUPPORT, JUDGE_MODEL, 1.0, AMPLE, THUMBS));
        startOnlineJudge("judged-online-judge");
        startAgreement("judged-agreement");

        // Forty answers are judged, then labelled: the first fit's worth of pairs.
        List<Answer> warmUp = answers("w", SUPPORT, 40);
        Map<String, JudgeScore> warmUpScores = judge(warmUp);
        String fingerprint = warmUpScores.values().iterator().next().fingerprint();
        assertThat(warmUp).allSatisfy(answer -> {
            JudgeScore score = warmUpScores.get(answer.requestId());
            assertThat(score.failed()).isFalse();
            assertThat(score.fingerprint()).isEqualTo(fingerprint);
            assertThat(score.experiment()).isEqualTo(SUPPORT);
            assertThat(score.arm()).isEqualTo(answer.trace().arm());
            assertThat(score.axes()).containsOnlyKeys("clarity", "accuracy", "policy_citation");
            assertThat(score.rawScore()).isCloseTo(answer.level(), within(1.0));
            assertThat(score.latencyMs()).isNotNegative();
            assertThat(score.calibratedScore()).isNull();
            assertThat(score.calibrationVersion()).isNull();
        });
        assertThat(fingerprint).isNotBlank();
        List<Label> warmUpLabels = label(warmUp);

        Calibration v1 = awaitCalibration(1);
        assertThat(v1.fingerprint()).isEqualTo(fingerprint);
        assertThat(v1.labelCount()).isEqualTo(MONITOR.firstFitPairs());
        // Fitted when the fortieth pair completed: at one of these labels, as nothing else was labelled yet.
        assertThat(v1.fittedAt()).isIn(times(warmUpLabels));

        // Once the online judge holds v1, every later score carries it.
        awaitScoreCalibratedWith(1, "p1-");
        List<Answer> calibrated = answers("c", SUPPORT, 10);
        Map<String, JudgeScore> calibratedScores = judge(calibrated);
        CalibrationCurve curve1 = CalibrationCurve.of(v1);
        assertThat(calibratedScores.values()).allSatisfy(score -> {
            assertThat(score.calibrationVersion()).isEqualTo(1L);
            assertThat(score.calibratedScore()).isCloseTo(curve1.apply(score.rawScore()), within(1e-9));
        });
        assertThat(meanAbsoluteError(calibrated, calibratedScores)).isLessThan(0.5);
        List<Label> calibratedLabels = label(calibrated);

        // The judge starts to over-score. Under the stale calibration its scores run high.
        judges.judgeDrift(JUDGE_MODEL).startNow(DRIFT);
        List<Answer> drifted = answers("d", SUPPORT, 120);
        Map<String, JudgeScore> driftedScores = judge(drifted);
        assertThat(driftedScores.values()).extracting(JudgeScore::calibrationVersion).containsOnly(1L);
        assertThat(meanError(drifted, driftedScores)).isGreaterThan(1.0);
        List<Label> driftedLabels = label(drifted);

        Alert drift = awaitAlert(AlertKind.JUDGE_DRIFT);
        assertThat(drift.alertId()).isEqualTo(fingerprint + "/judge_drift/1");
        assertThat(drift.experiment()).isEqualTo(SUPPORT);
        assertThat(drift.subject()).isEqualTo(fingerprint);
        assertThat(drift.severity()).isEqualTo(Alert.Severity.WARNING);
        AlertEvidence driftEvidence = drift.evidence();
        assertThat(driftEvidence.statistic()).isIn("page_hinkley_residual", "page_hinkley_absolute_residual");
        assertThat(driftEvidence.threshold()).isEqualTo(driftEvidence.statistic().equals("page_hinkley_residual")
                ? MONITOR.residualLambda() : MONITOR.absoluteResidualLambda());
        assertThat(driftEvidence.value()).isGreaterThan(driftEvidence.threshold());
        // The detectors' window: from the first pair after the fit (an answer judged before the
        // drift) to the drifted answer whose label raised the alarm, every label between counted.
        assertThat(driftEvidence.windowStart()).isEqualTo(calibratedLabels.get(0).receivedAt());
        assertThat(driftEvidence.windowEnd()).isEqualTo(drift.raisedAt()).isIn(times(driftedLabels));
        int alarmAt = times(driftedLabels).indexOf(drift.raisedAt());
        assertThat(driftEvidence.observations()).isEqualTo(calibrated.size() + alarmAt + 1);

        // The refit takes the next forty pairs, all labels given after the detection.
        Calibration v2 = awaitCalibration(2);
        assertThat(v2.fingerprint()).isEqualTo(fingerprint);
        assertThat(v2.labelCount()).isEqualTo(MONITOR.refitPairs());
        int refitAt = alarmAt + MONITOR.refitPairs();
        assertThat(v2.fittedAt()).isEqualTo(driftedLabels.get(refitAt).receivedAt());

        Alert recovered = awaitAlert(AlertKind.JUDGE_RECOVERED);
        assertThat(recovered.alertId()).isEqualTo(fingerprint + "/judge_recovered/1");
        assertThat(recovered.experiment()).isEqualTo(SUPPORT);
        assertThat(recovered.subject()).isEqualTo(fingerprint);
        assertThat(recovered.severity()).isEqualTo(Alert.Severity.INFO);
        AlertEvidence recoveryEvidence = recovered.evidence();
        assertThat(recoveryEvidence.statistic()).isEqualTo("mean_absolute_residual");
        assertThat(recoveryEvidence.value()).isLessThanOrEqualTo(recoveryEvidence.threshold());
        assertThat(recoveryEvidence.observations()).isEqualTo(MONITOR.recoveryPairs());
        int recoveredAt = times(driftedLabels).indexOf(recovered.raisedAt());
        assertThat(recoveredAt).isGreaterThanOrEqualTo(refitAt + MONITOR.recoveryPairs());
        assertThat(recoveryEvidence.windowEnd()).isEqualTo(recovered.raisedAt());
        assertThat(recoveryEvidence.windowStart())
                .isEqualTo(driftedLabels.get(recoveredAt - MONITOR.recoveryPairs() + 1).receivedAt());

        // Once the online judge holds v2, later scores carry it, and they no longer run high.
        awaitScoreCalibratedWith(2, "p2-");
        List<Answer> recalibrated = answers("r", SUPPORT, 10);
        Map<String, JudgeScore> recalibratedScores = judge(recalibrated);
        CalibrationCurve curve2 = CalibrationCurve.of(v2);
        assertThat(recalibratedScores.values()).allSatisfy(score -> {
            assertThat(score.calibrationVersion()).isEqualTo(2L);
            assertThat(score.rawScore()).isGreaterThanOrEqualTo(3.0);
            assertThat(score.calibratedScore()).isCloseTo(curve2.apply(score.rawScore()), within(1e-9));
        });
        assertThat(meanError(recalibrated, recalibratedScores)).isBetween(-0.3, 0.3);

        assertThat(read(Topic.CALIBRATION, Calibration.class)).extracting(Calibration::version)
                .containsExactly(1L, 2L);
        assertThat(read(Topic.ALERTS, Alert.class)).extracting(Alert::kind)
                .containsExactly(AlertKind.JUDGE_DRIFT, AlertKind.JUDGE_RECOVERED);
        assertThat(read(Topic.DEAD_LETTERS, DeadLetter.class)).isEmpty();
    }

    @Test
    void failingAndSlowJudgeCallsBecomeFailedScoresAndLaterTracesAreStillJudged() throws Exception {
        topics = provision("failing.");
        publish(Topic.EXPERIMENTS, "flaky", judgedSpecJson("flaky", FLAKY_MODEL, 1.0, """
                "judgments_per_minute": 1000, "tokens_per_hour": 10000000, "capacity": 4, "timeout": "5s",
                "max_retries": 1""", THUMBS));
        publish(Topic.EXPERIMENTS, "slow", judgedSpecJson("slow", SLOW_MODEL, 1.0, """
                "judgments_per_minute": 1000, "tokens_per_hour": 10000000, "capacity": 4, "timeout": "200ms",
                "max_retries": 0""", THUMBS));
        startOnlineJudge("failing-online-judge");

        List<Answer> first = new ArrayList<>(answers("f", "flaky", 12));
        first.addAll(answers("s", "slow", 3));
        Map<String, JudgeScore> firstScores = judge(first);

        List<JudgeScore> flaky = firstScores.values().stream().filter(s -> s.experiment().equals("flaky")).toList();
        assertThat(flaky).filteredOn(JudgeScore::failed).isNotEmpty().allSatisfy(score -> {
            // The simulated error is seeded by the answer: the retry fails again.
            assertThat(score.failure()).startsWith("server_error: gave up after 2 attempt(s)");
            assertThat(score.rawScore()).isNull();
            assertThat(score.axes()).isEmpty();
            assertThat(score.fingerprint()).isNotBlank();
        });
        assertThat(flaky).filteredOn(score -> !score.failed()).isNotEmpty()
                .allSatisfy(score -> assertThat(score.rawScore()).isBetween(1.0, 5.0));
        assertThat(firstScores.values()).filteredOn(s -> s.experiment().equals("slow")).hasSize(3)
                .allSatisfy(score -> {
                    assertThat(score.failure()).startsWith("timeout: gave up after 1 attempt(s)");
                    assertThat(score.rawScore()).isNull();
                    assertThat(score.latencyMs()).isGreaterThanOrEqualTo(200);
                });

        // Each failed trace was asked twice (max_retries 1), each scored one once: no hidden retries.
        long failedFlaky = flaky.stream().filter(JudgeScore::failed).count();
        assertThat(judges.received().countFor(FLAKY_MODEL)).isEqualTo(2 * failedFlaky + (flaky.size() - failedFlaky));

        // The failures held nothing up: traces written after them are judged as well.
        List<Answer> later = new ArrayList<>(answers("g", "flaky", 6));
        later.addAll(answers("t", "slow", 1));
        Map<String, JudgeScore> laterScores = judge(later);
        assertThat(laterScores.values()).filteredOn(s -> s.experiment().equals("flaky") && !s.failed())
                .isNotEmpty();
        assertThat(laterScores.values()).filteredOn(s -> s.experiment().equals("slow"))
                .allSatisfy(score -> assertThat(score.failure()).startsWith("timeout:"));
    }

    // ------------------------------------------------------------------ the jobs

    private void startOnlineJudge(String name) throws Exception {
        OnlineJudgeSettings settings = OnlineJudgeSettings.defaults(kafka.bootstrapServers(), topics,
                        JudgeEndpointSettings.of(judges.baseUrl(), null))
                .withJobName(name)
                .withRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        jobs.add(OnlineJudgeJob.fromKafka(settings).submit(environment(name)));
    }

    private void startAgreement(String name) throws Exception {
        AgreementSettings settings = AgreementSettings.defaults(kafka.bootstrapServers(), topics)
                .withJobName(name)
                .withMonitor(MONITOR);
        jobs.add(AgreementJob.fromKafka(settings).submit(environment(name)));
    }

    private static StreamExecutionEnvironment environment(String name) {
        Configuration conf = JobEnvironment.embeddedConfiguration(directory.resolve(name + "-checkpoints"), CHECKPOINTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }

    private boolean aJobHasEnded() throws Exception {
        for (JobClient job : jobs) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ traffic

    /**
     * {@code count} answers to the experiment, their true quality cycling through the five levels
     * of the rubric (quality 0 is worth level 1, quality 1 level 5).
     */
    private static List<Answer> answers(String prefix, String experiment, int count) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int level = 1 + i % 5;
            Trace trace = trace(prefix + i, experiment, i % 2 == 0 ? "a" : "b", (level - 1) / 4.0,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS));
            answers.add(new Answer(trace, level));
        }
        return answers;
    }

    /** Writes the answers' traces and waits for a score of each; the first score of each, in order. */
    private Map<String, JudgeScore> judge(List<Answer> answers) {
        for (Answer answer : answers) {
            publish(Topic.TRACES, answer.requestId(), SluiceJson.toJson(answer.trace()));
        }
        producer.flush();
        List<String> ids = answers.stream().map(Answer::requestId).toList();
        Map<String, JudgeScore> scores = eventually(() -> firstScores(ids), found -> found.size() == ids.size());
        Map<String, JudgeScore> ordered = new LinkedHashMap<>();
        ids.forEach(id -> ordered.put(id, scores.get(id)));
        return ordered;
    }

    private Map<String, JudgeScore> firstScores(List<String> ids) {
        Map<String, JudgeScore> found = new LinkedHashMap<>();
        for (JudgeScore score : read(Topic.JUDGE_SCORES, JudgeScore.class)) {
            if (ids.contains(score.requestId())) {
                found.putIfAbsent(score.requestId(), score);
            }
        }
        return found;
    }

    /**
     * The annotators' labels of the answers, one each, in order: the true level, except every
     * seventh, which is one level off toward the middle of the scale, as annotators disagree.
     */
    private List<Label> label(List<Answer> answers) {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            int level = i % 7 == 3 ? answer.level() + (answer.level() < 3 ? 1 : -1) : answer.level();
            Label label = label(answer.requestId(), "annotator-" + i % 3, level, nextLabelTime());
            publish(Topic.LABELS, label.requestId(), SluiceJson.toJson(label));
            labels.add(label);
        }
        producer.flush();
        return labels;
    }

    /** Now, and strictly later than every label before, so that each label's time names it. */
    private Instant nextLabelTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        lastLabelAt = now.isAfter(lastLabelAt) ? now : lastLabelAt.plusMillis(1);
        return lastLabelAt;
    }

    /**
     * Sends unlabelled probe answers of quality 0 one at a time until one comes back stamped with
     * calibration {@code version}: from then on the online judge holds it. Calibration is broadcast
     * state that never goes back to an older version.
     */
    private void awaitScoreCalibratedWith(long version, String prefix) {
        int[] probes = {0};
        eventually(() -> {
            Answer probe = answers(prefix + probes[0]++, SUPPORT, 1).get(0);
            return judge(List.of(probe)).get(probe.requestId());
        }, score -> score.calibrationVersion() != null && score.calibrationVersion() == version);
    }

    // ------------------------------------------------------------------ reading back

    private Calibration awaitCalibration(long version) {
        return eventually(() -> read(Topic.CALIBRATION, Calibration.class),
                list -> list.stream().anyMatch(c -> c.version() == version))
                .stream().filter(c -> c.version() == version).findFirst().orElseThrow();
    }

    private Alert awaitAlert(AlertKind kind) {
        return eventually(() -> read(Topic.ALERTS, Alert.class), list -> list.stream().anyMatch(a -> a.kind() == kind))
                .stream().filter(a -> a.kind() == kind).findFirst().orElseThrow();
    }

    private <T> T eventually(Callable<T> read, Predicate<T> done) {
        return await().atMost(AWAIT)
                .pollInterval(Duration.ofMillis(250))
                .failFast("a job ended", this::aJobHasEnded)
                .until(read, done);
    }

    private <T> List<T> read(Topic topic, Class<T> type) {
        TopicReader.Contents<T> contents = TopicReader.readAll(kafka.bootstrapServers(), topics.of(topic), type,
                READ_TIMEOUT);
        assertThat(contents.undecodable()).as(topic + " undecodable").isEmpty();
        return contents.values();
    }

    private static List<Instant> times(List<Label> labels) {
        return labels.stream().map(Label::receivedAt).toList();
    }

    /** Mean of calibrated score − true level. */
    private static double meanError(List<Answer> answers, Map<String, JudgeScore> scores) {
        return answers.stream().mapToDouble(a -> scores.get(a.requestId()).calibratedScore() - a.level())
                .average().orElseThrow();
    }

    /** Mean of |calibrated score − true level|. */
    private static double meanAbsoluteError(List<Answer> answers, Map<String, JudgeScore> scores) {
        return answers.stream().mapToDouble(a -> Math.abs(scores.get(a.requestId()).calibratedScore() - a.level()))
                .average().orElseThrow();
    }

    // ------------------------------------------------------------------ writing

    private TopicNames provision(String prefix) {
        TopicNames names = new TopicNames(prefix);
        TopicProvisioner.provision(kafka.bootstrapServers(), names, TopicLayout.of(1, (short) 1), READ_TIMEOUT);
        return names;
    }

    private void publish(Topic topic, String key, String json) {
        producer.send(new ProducerRecord<>(topics.of(topic), key, json.getBytes(StandardCharsets.UTF_8)));
        if (topic == Topic.EXPERIMENTS) {
            producer.flush();
        }
    }
}
