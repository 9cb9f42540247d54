package dev.loadgen.behavior;

import dev.loadgen.config.Population;

/**
 * How long a person takes to read and to type, as the user layer decides it from the persona. Behaviours
 * report what was read and ask for time to compose text; they do not know the speeds.
 */
public interface Pacer {
    /**
     * Spends the time it takes to type {@code chars} characters, before the text is sent.
     *
     * @return when the text was ready (on the run's clock), which is when the request that sends it is due (0:
     *     now); -1 when the user was asked to stop meanwhile (then the text is not sent)
     */
    long compose(int chars) throws InterruptedException;

    /** The user read {@code words} words; the reading time is added to its next pause. */
    void read(int words);

    /**
     * Pauses for a time drawn from {@code think} (a pause step inside an action).
     *
     * @return when the pause ended (on the run's clock), which is when the next request is due (0: now); -1 when the
     *     user was asked to stop meanwhile
     */
    long pause(Population.ThinkSpec think) throws InterruptedException;

    /** Reads, types and pauses instantly: for users without a persona's paces (and {@code loadgen try}). */
    Pacer INSTANT = new Pacer() {
        @Override
        public long compose(int chars) {
            return 0;
        }

        @Override
        public void read(int words) {}

        @Override
        public long pause(Population.ThinkSpec think) {
            return 0;
        }
    };

    /** Words in a text, as a reader counts them. */
    static int words(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letter = !Character.isWhitespace(text.charAt(i));
            if (letter && !inWord) {
                n++;
            }
            inWord = letter;
        }
        return n;
    }
}
