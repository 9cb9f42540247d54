package dev.loadgen.behavior;

/**
 * How long a person takes to read and to type, as the user layer decides it from the persona. Behaviours
 * report what was read and ask for time to compose text; they do not know the speeds.
 */
public interface Pacer {
    /**
     * Spends the time it takes to type {@code chars} characters, before the text is sent.
     *
     * @return when the text was ready (System.nanoTime), which is when the request that sends it is due;
     *     -1 when the user was asked to stop meanwhile (then the text is not sent)
     */
    long compose(int chars) throws InterruptedException;

    /** The user read {@code words} words; the reading time is added to its next pause. */
    void read(int words);

    /** Reads and types instantly: for users without a persona's paces. */
    Pacer INSTANT = new Pacer() {
        @Override
        public long compose(int chars) {
            return System.nanoTime();
        }

        @Override
        public void read(int words) {}
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
