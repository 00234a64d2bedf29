package io.sluice.simulator.users;

import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One customer of the support bot, talking to it on its own thread until the population stops:
 * conversation after conversation, each a golden question and some follow-ups, reacting to every
 * answer according to the {@link FeedbackModel} and the answer's true quality.
 *
 * <p>All of the user's choices come from its own seeded generator, so a run against a
 * deterministic router and upstream repeats exactly.
 */
final class SimulatedUser implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedUser.class);

    private final String userId;
    private final String customerName;
    private final SplittableRandom rng;
    private final PopulationConfig config;
    private final RouterClient router;
    private final FeedbackSender feedback;
    private final PopulationStats stats;
    private final RequestBudget budget;
    private final BooleanSupplier running;
    private final Clock clock;
    private final Consumer<RouterAnswer> answered;
    private int conversations;

    SimulatedUser(String userId, long seed, PopulationConfig config, RouterClient router, FeedbackSender feedback,
                  PopulationStats stats, RequestBudget budget, BooleanSupplier running, Clock clock,
                  Consumer<RouterAnswer> answered) {
        this.userId = userId;
        this.rng = new SplittableRandom(seed);
        this.customerName = SupportQuestions.customerName(rng);
        this.config = config;
        this.router = router;
        this.feedback = feedback;
        this.stats = stats;
        this.budget = budget;
        this.running = running;
        this.clock = clock;
        this.answered = answered;
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean() && !budget.spent()) {
                converse();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulated user {} stopped on an unexpected error", userId, e);
        }
    }

    private void converse() throws InterruptedException {
        String conversationId = userId + "-c" + (++conversations);
        int turns = drawTurns();
        stats.conversationStarted();
        List<Exchange> history = new ArrayList<>();
        RouterAnswer last = null;
        for (int turn = 1; turn <= turns; turn++) {
            String question;
            if (turn == 1) {
                question = SupportQuestions.opening(customerName, rng);
            } else {
                think();
                report(last, FeedbackSignal.CONTINUED, null);
                question = SupportQuestions.followUp(rng);
            }
            Optional<Exchange> exchange = askUntilDone(conversationId, history, question);
            if (exchange.isEmpty()) {
                return;
            }
            history.add(exchange.get());
            last = exchange.get().answer();
        }
        if (last != null && last.quality().isPresent()
                && config.feedback().resolves(last.quality().getAsDouble(), rng)) {
            report(last, FeedbackSignal.RESOLVED, null);
        }
    }

    /**
     * Asks a question and reacts to the answer; a poor answer may be re-asked, reworded, as a new
     * request. Empty when the conversation cannot go on (an error, the budget spent, a stop).
     */
    private Optional<Exchange> askUntilDone(String conversationId, List<Exchange> history, String question)
            throws InterruptedException {
        FeedbackModel model = config.feedback();
        String asked = question;
        for (int attempt = 0; ; attempt++) {
            if (!running.getAsBoolean() || !budget.take()) {
                return Optional.empty();
            }
            boolean stream = rng.nextDouble() < config.streamingFraction();
            stats.requestSent(stream);
            RouterAnswer answer;
            try {
                answer = router.ask(userId, conversationId, history, asked, stream, running);
            } catch (OpenAIServiceException e) {
                stats.failed(e.statusCode());
                return Optional.empty();
            } catch (OpenAIException e) {
                if (running.getAsBoolean()) {
                    stats.failed(PopulationStats.NO_RESPONSE);
                    LOG.debug("user {} got no answer: {}", userId, e.toString());
                }
                return Optional.empty();
            }
            stats.answered(answer);
            answered.accept(answer);
            if (answer.quality().isEmpty() || answer.requestId() == null) {
                return Optional.of(new Exchange(asked, answer));
            }
            double q = answer.quality().getAsDouble();
            Optional<FeedbackSignal> thumb = model.thumb(q, rng);
            if (thumb.isPresent()) {
                report(answer, thumb.get(), null);
            }
            if (model.copies(q, rng)) {
                report(answer, FeedbackSignal.COPY, null);
            }
            var score = model.score(q, rng);
            if (score.isPresent()) {
                report(answer, FeedbackSignal.SCORE, score.getAsDouble());
            }
            if (attempt < model.maxRetriesPerTurn() && model.retries(q, rng)) {
                report(answer, FeedbackSignal.RETRY, null);
                think();
                asked = SupportQuestions.rephrase(question, rng);
                continue;
            }
            return Optional.of(new Exchange(asked, answer));
        }
    }

    private void report(RouterAnswer about, FeedbackSignal signal, Double value) throws InterruptedException {
        if (about == null || about.requestId() == null) {
            return;
        }
        boolean accepted;
        try {
            int status = feedback.send(new FeedbackReport(about.requestId(), signal, value, clock.instant()));
            accepted = status >= 200 && status < 300;
        } catch (IOException e) {
            accepted = false;
        }
        stats.feedbackSent(about, signal, accepted);
    }

    private int drawTurns() {
        List<Double> weights = config.turnWeights();
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        double u = rng.nextDouble() * total;
        for (int i = 0; i < weights.size(); i++) {
            u -= weights.get(i);
            if (u < 0) {
                return i + 1;
            }
        }
        return weights.size();
    }

    private void think() throws InterruptedException {
        Duration mean = config.thinkTime();
        if (mean.isZero()) {
            return;
        }
        Thread.sleep((long) (mean.toMillis() * (0.5 + rng.nextDouble())));
    }
}
