package io.sluice.judge;

import io.sluice.core.event.TraceMessage;
import io.sluice.simulator.quality.QualityMark;
import java.util.List;

/** Support answers of known true quality, as the simulated upstream writes them. */
public final class Answers {
    public static final List<TraceMessage> CONVERSATION = List.of(
            new TraceMessage("system", "Be helpful, cite the relevant return or shipping policy."),
            new TraceMessage("user", "Hi, I'm Anna. My package hasn't arrived. It's been 8 days. Order #48213."));

    private Answers() {}

    /** A reply whose wording follows its quality, ending in its quality mark. */
    public static String of(double quality) {
        String body;
        if (quality >= 0.6) {
            body = "Hi Anna,\n\nI'm sorry your package hasn't shown up yet. Under our Shipping Policy (section 3.2), "
                    + "an order that has not arrived within 7 business days qualifies for a carrier trace. "
                    + "I've pulled up order #48213. I've asked the carrier to open a trace on the shipment.\n\n"
                    + "Is there anything else I can help you with?";
        } else if (quality >= 0.4) {
            body = "Hello,\n\nThanks for letting us know your order hasn't reached you. I've pulled up order #48213. "
                    + "You'll get an email as soon as the carrier updates the status.\n\nHave a great day.";
        } else {
            body = "Hello,\n\nSometimes packages take a little longer than expected. Delivery times can vary.\n\n"
                    + "Thanks for your patience.";
        }
        return QualityMark.append(body, quality);
    }
}
