package io.sluice.launcher.runtime;

import io.sluice.flink.job.JobEnvironment;
import io.sluice.core.config.JobSettings;
import io.sluice.core.config.SecretRef;
import io.sluice.core.config.UpstreamSettings;
import io.sluice.core.topic.Topic;
import io.sluice.core.topic.TopicNames;
import io.sluice.flink.agreement.AgreementJob;
import io.sluice.flink.agreement.AgreementSettings;
import io.sluice.flink.guardrails.GuardrailsJob;
import io.sluice.flink.guardrails.GuardrailsSettings;
import io.sluice.flink.bandit.BanditLoopJob;
import io.sluice.flink.bandit.BanditLoopSettings;
import io.sluice.flink.judge.JudgeEndpointSettings;
import io.sluice.flink.judge.OnlineJudgeJob;
import io.sluice.flink.judge.OnlineJudgeSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.sluice.router.health.ReadinessCheck;

/**
 * The Flink jobs of the learning path running in this process, each on a local MiniCluster with
 * RocksDB state and checkpoints of its own:
 *
 * <ul>
 *   <li>the online judge ({@code <checkpoint_dir>/online-judge}): judges a sample of the traces;
 *   <li>the agreement job ({@code <checkpoint_dir>/agreement}): pairs judge scores with labels,
 *       calibrates each judge and raises drift alerts;
 *   <li>the bandit loop ({@code <checkpoint_dir>} itself): joins rewards, judge scores among them,
 *       to decisions and feeds the posteriors;
 *   <li>the guardrails ({@code <checkpoint_dir>/guardrails}): watches each arm's latency, errors,
 *       tokens, cost and judge scores per window, raises breaches and pauses or rolls back.
 * </ul>
 *
 * A restart resumes each from its newest retained checkpoint, so a restarted {@code sluice serve}
 * neither loses nor double-counts a reward, and its posterior and calibration versions keep growing.
 */
public final class LearningPath implements AutoCloseable {
    /** In the order a drain stops them: each job's outputs are the inputs of the ones after it. */
    private final List<EmbeddedJob> jobs;
    private final List<JobHealth> health;
    private final ScheduledExecutorService watcher;

    private LearningPath(List<EmbeddedJob> jobs) {
        this.jobs = jobs;
        this.health = jobs.stream().map(job -> new JobHealth(job.description(), job::status, Clock.systemUTC()))
                .toList();
        // Often enough to see each restart of a job failing in a loop (the first backoff is 0.5 s).
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-job-health");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(() -> health.forEach(JobHealth::observe), 0, 200, TimeUnit.MILLISECONDS);
    }

    /** Whether each job runs: a job that ended or restarts in a loop makes {@code /readyz} say so. */
    public List<ReadinessCheck> readiness() {
        return List.copyOf(health);
    }

    /**
     * Starts the four jobs.
     *
     * @param upstream the router's upstream, which the judge calls when {@code jobs.judge.base_url}
     *     names no endpoint of its own
     */
    public static LearningPath start(String bootstrapServers, TopicNames topics, JobSettings jobs,
            UpstreamSettings upstream, PrintWriter out) {
        List<EmbeddedJob> started = new ArrayList<>();
        try {
            Path checkpoints = jobs.checkpointDir().toAbsolutePath().resolve(JobEnvironment.STATE_LAYOUT);

            OnlineJudgeSettings judge = OnlineJudgeSettings.of(jobs, bootstrapServers, topics,
                    judgeEndpoint(jobs, upstream, out));
            started.add(EmbeddedJob.start("online judge", checkpoints.resolve("online-judge"),
                    jobs.checkpointInterval(), bootstrapServers, judge.consumerGroup(),
                    List.of(topics.of(Topic.TRACES)), OnlineJudgeJob.fromKafka(judge)::submit, out));

            AgreementSettings agreement = AgreementSettings.of(jobs, bootstrapServers, topics);
            started.add(EmbeddedJob.start("agreement", checkpoints.resolve("agreement"), jobs.checkpointInterval(),
                    bootstrapServers, agreement.consumerGroup(),
                    List.of(topics.of(Topic.JUDGE_SCORES), topics.of(Topic.LABELS)),
                    AgreementJob.fromKafka(agreement)::submit, out));

            BanditLoopSettings loop = BanditLoopSettings.of(jobs, bootstrapServers, topics);
            started.add(EmbeddedJob.start("bandit loop", checkpoints, jobs.checkpointInterval(), bootstrapServers,
                    loop.consumerGroup(),
                    List.of(topics.of(Topic.EXPOSURES), topics.of(Topic.REWARDS), topics.of(Topic.JUDGE_SCORES)),
                    BanditLoopJob.fromKafka(loop)::submit, out));

            GuardrailsSettings guardrails = GuardrailsSettings.of(jobs, bootstrapServers, topics);
            started.add(EmbeddedJob.start("guardrails", checkpoints.resolve("guardrails"), jobs.checkpointInterval(),
                    bootstrapServers, guardrails.consumerGroup(),
                    List.of(topics.of(Topic.EXPOSURES), topics.of(Topic.JUDGE_SCORES)),
                    GuardrailsJob.fromKafka(guardrails)::submit, out));
            return new LearningPath(List.copyOf(started));
        } catch (Exception e) {
            closeInReverse(started);
            throw new IllegalStateException("could not start the Flink jobs: " + e.getMessage(), e);
        }
    }

    /**
     * The judge endpoint: {@code jobs.judge.base_url} with its key, else the router's upstream with
     * the upstream's key. As with the router's upstream, a key that is nowhere to be found means calls
     * without one (the simulator wants none); the key itself is read by the job when it opens.
     */
    static JudgeEndpointSettings judgeEndpoint(JobSettings jobs, UpstreamSettings upstream, PrintWriter out) {
        boolean own = jobs.judge().baseUrl() != null;
        String baseUrl = own ? jobs.judge().baseUrl() : upstream.baseUrl();
        SecretRef key = own ? jobs.judge().apiKey() : upstream.apiKey();
        if (key == null || key.resolve().isEmpty()) {
            if (!isLoopback(baseUrl)) {
                out.printf("warning: no judge API key in %s: judge calls to %s go without Authorization%n",
                        key == null ? "the configuration" : key, baseUrl);
            }
            return JudgeEndpointSettings.of(baseUrl, null, jobs.judge());
        }
        return JudgeEndpointSettings.of(baseUrl, key, jobs.judge());
    }

    private static boolean isLoopback(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    /**
     * Stops the jobs, each with a final savepoint that first settles everything still open, so every
     * exposure so far has its outcome and every judged trace its score on the topics. For the end of
     * a demo, once nothing writes to the input topics any more. A later start resumes from the
     * savepoints.
     */
    public void drain() {
        watcher.shutdownNow();
        jobs.forEach(EmbeddedJob::drain);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        closeInReverse(jobs);
    }

    private static void closeInReverse(List<EmbeddedJob> jobs) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            jobs.get(i).close();
        }
    }
}
