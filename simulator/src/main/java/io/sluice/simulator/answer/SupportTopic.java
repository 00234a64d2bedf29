package io.sluice.simulator.answer;

import java.util.List;
import java.util.Locale;

/**
 * What a customer asks about, recognised by keywords, with the sentences a support reply on it
 * is built from. The policy sentences are the ones the better support-bot prompt asks for: only
 * answers of high quality cite them.
 */
enum SupportTopic {
    SHIPPING(
            List.of("arrive", "arrived", "package", "delivery", "shipping", "tracking", "late", "lost"),
            List.of("I'm sorry your package hasn't shown up yet.",
                    "I understand how frustrating it is to wait for a delivery that hasn't arrived.",
                    "Thanks for letting us know your order hasn't reached you."),
            "Under our Shipping Policy (section 3.2), an order that has not arrived within 7 business days "
                    + "qualifies for a carrier trace and, if it cannot be found, a free replacement or a full refund.",
            List.of("I've asked the carrier to open a trace on the shipment.",
                    "The tracking shows the parcel left our warehouse and was handed to the carrier.",
                    "If the trace finds nothing within 48 hours we will send a replacement at no cost.",
                    "You'll get an email as soon as the carrier updates the status."),
            List.of("Sometimes packages take a little longer than expected.",
                    "You could check with your neighbours or your building's front desk.",
                    "Delivery times can vary.")),
    RETURNS(
            List.of("return", "returns", "send back", "exchange", "bought", "shoe", "opened", "box"),
            List.of("Thanks for reaching out about a return.",
                    "I can help you with returning that item.",
                    "Sorry the item didn't work out for you."),
            "Our Return Policy (section 2.1) accepts returns within 30 days of delivery, and an opened box is "
                    + "fine as long as the item itself is unworn and in its original condition.",
            List.of("I've created a prepaid return label and sent it to your email address.",
                    "Please pack the item in its original box and drop it at any carrier location.",
                    "Your refund is issued as soon as the warehouse scans the returned item.",
                    "If you prefer, we can exchange it for a different size instead."),
            List.of("Returns are usually possible for a while after purchase.",
                    "You might be able to return it, depending on its condition.",
                    "Most items can be sent back.")),
    BILLING(
            List.of("charged", "charge", "billing", "refund", "payment", "twice", "invoice", "card"),
            List.of("I'm sorry about the duplicate charge.",
                    "Thanks for flagging the billing issue.",
                    "I understand seeing two charges is worrying."),
            "Per our Billing Policy (section 5.4), a confirmed duplicate charge is refunded to the original "
                    + "payment method within 3 to 5 business days.",
            List.of("I can see two authorisations on the order; one of them is a pending hold that will drop off.",
                    "I've started the refund for the second charge.",
                    "You'll receive a confirmation email with the refund reference.",
                    "If the second charge is still there after 5 business days, reply here and we'll escalate it."),
            List.of("Sometimes a charge shows up twice for a short time.",
                    "Your bank may be able to tell you more.",
                    "Charges can take a while to settle.")),
    ADDRESS(
            List.of("address", "deliver to", "change the delivery", "move", "pending order"),
            List.of("Happy to help you update the delivery address.",
                    "Thanks for letting us know about the address change.",
                    "I can look into changing where your order goes."),
            "Our Shipping Policy (section 1.3) lets you change the delivery address free of charge until the "
                    + "order has been handed to the carrier.",
            List.of("Your order is still pending, so the address can be changed.",
                    "I've updated the shipping address on the order.",
                    "Please double-check the new address in the confirmation email.",
                    "If the order has already shipped, we can ask the carrier to redirect it."),
            List.of("Addresses can sometimes be changed.",
                    "It depends on where the order is in the process.",
                    "You may be able to update it in your account.")),
    DAMAGED(
            List.of("damaged", "broken", "cracked", "defective", "dented", "scratched"),
            List.of("I'm really sorry the item arrived damaged.",
                    "Thanks for telling us about the damaged item.",
                    "That's not the condition we want anything to arrive in."),
            "Under our Return Policy (section 4.1), an item that arrives damaged is replaced or refunded in "
                    + "full, and we cover the return shipping.",
            List.of("You can choose a free replacement or a full refund.",
                    "A photo of the damage helps us file the claim with the carrier.",
                    "I've emailed you a prepaid label for sending the damaged item back.",
                    "The replacement ships as soon as you confirm your choice."),
            List.of("Damage can happen in transit.",
                    "There may be some options available.",
                    "You could try contacting the carrier.")),
    GENERAL(
            List.of(),
            List.of("Thanks for reaching out.",
                    "Happy to help.",
                    "Thanks for your message."),
            "Our Customer Service Policy (section 1.1) covers how we handle requests like this one and when "
                    + "we escalate them to a specialist.",
            List.of("I've added a note to your account so the next agent has the full context.",
                    "A specialist will follow up by email within one business day.",
                    "You can reply to this message at any time to add details."),
            List.of("I'm not sure about that one.",
                    "That might depend on a few things.",
                    "Let me know if you have more details."));

    private final List<String> keywords;
    final List<String> acknowledgements;
    final String policy;
    final List<String> steps;
    final List<String> vagueLines;

    SupportTopic(List<String> keywords, List<String> acknowledgements, String policy, List<String> steps,
                 List<String> vagueLines) {
        this.keywords = keywords;
        this.acknowledgements = acknowledgements;
        this.policy = policy;
        this.steps = steps;
        this.vagueLines = vagueLines;
    }

    /**
     * The topic of the most recent customer message that names one; a follow-up like "How long
     * will that take?" keeps the topic of the question before it.
     */
    static SupportTopic of(List<String> customerMessages) {
        for (int i = customerMessages.size() - 1; i >= 0; i--) {
            String text = customerMessages.get(i).toLowerCase(Locale.ROOT);
            SupportTopic best = null;
            int bestHits = 0;
            for (SupportTopic topic : values()) {
                int hits = 0;
                for (String keyword : topic.keywords) {
                    if (text.contains(keyword)) hits++;
                }
                if (hits > bestHits) {
                    best = topic;
                    bestHits = hits;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return GENERAL;
    }
}
