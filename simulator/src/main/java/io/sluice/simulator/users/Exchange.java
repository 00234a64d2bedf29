package io.sluice.simulator.users;

/** One question of a conversation and the answer the user kept. */
record Exchange(String question, RouterAnswer answer) {}
