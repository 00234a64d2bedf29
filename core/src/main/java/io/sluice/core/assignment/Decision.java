package io.sluice.core.assignment;

/**
 * The arm a unit gets, and the probability with which the policy gave it that arm.
 *
 * @param inExperiment false when the unit is outside the traffic fraction and gets the control
 *     arm with certainty
 */
public record Decision(String arm, double propensity, boolean inExperiment, String policyVersion) {}
