package io.sluice.core.experiment;

/**
 * One variant under test.
 *
 * @param model the upstream model the arm calls
 * @param systemPrompt put before the app's messages; absent leaves them as they are
 * @param weight the arm's share under a fixed split (normalized over the arms); absent under
 *     Thompson sampling
 */
public record ArmSpec(String name, String model, String systemPrompt, Double weight, ArmParams params) {}
