package io.sluice.simulator.users;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the customers of the simulated support bot say: the golden set of the support-bot
 * article as opening questions, follow-ups, and the way they re-ask a question that was not
 * answered. Openings carry the customer's name and an order number, the "order context" the
 * better prompt is supposed to use, and what makes every conversation's request distinct.
 */
public final class SupportQuestions {
    /** The support bot's golden questions. */
    public static final List<String> GOLDEN = List.of(
            "My package hasn't arrived. It's been 8 days.",
            "I want to return a shoe I bought last month. The box is opened.",
            "Why was I charged twice for order #44129?",
            "Can I change the delivery address for my pending order?",
            "The item I received is damaged. What are my options?");

    static final List<String> FOLLOW_UPS = List.of(
            "Thanks. How long will that take?",
            "Do I need to do anything else on my side?",
            "Can you explain that in a bit more detail?",
            "What if that doesn't work?",
            "Will I get an email confirmation?",
            "Can I talk to a human agent about this?",
            "Is there a fee for that?");

    static final List<String> REPHRASINGS = List.of(
            "That didn't really answer my question. ",
            "Let me ask again: ",
            "Sorry, to be clear: ");

    static final List<String> NAMES = List.of(
            "Dana", "Luis", "Priya", "Tom", "Mei", "Omar", "Anna", "Kofi", "Sara", "Jonas",
            "Aiko", "Elena", "Marco", "Nadia", "Ravi", "Zoe", "Hugo", "Ines", "Felix", "Leila");

    private static final double SHARES_NAME = 0.7;

    private SupportQuestions() {}

    static String customerName(RandomGenerator rng) {
        return NAMES.get(rng.nextInt(NAMES.size()));
    }

    /** A golden question, introduced with the customer's name and order most of the time. */
    static String opening(String customerName, RandomGenerator rng) {
        String question = GOLDEN.get(rng.nextInt(GOLDEN.size()));
        int order = 10_000 + rng.nextInt(90_000);
        boolean sharesName = rng.nextDouble() < SHARES_NAME;
        if (question.contains("#")) {
            return "Hi, I'm " + customerName + ". " + question;
        }
        return sharesName
                ? "Hi, I'm " + customerName + " (order #" + order + "). " + question
                : "Order #" + order + ". " + question;
    }

    static String followUp(RandomGenerator rng) {
        return FOLLOW_UPS.get(rng.nextInt(FOLLOW_UPS.size()));
    }

    /** The same question again, worded so that it is a new request, not a replay. */
    static String rephrase(String question, RandomGenerator rng) {
        return REPHRASINGS.get(rng.nextInt(REPHRASINGS.size())) + question;
    }
}
