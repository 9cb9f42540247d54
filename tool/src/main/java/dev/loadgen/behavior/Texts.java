package dev.loadgen.behavior;

import java.util.random.RandomGenerator;

/** Made-up text of human-like lengths for posts, comments, bios and chat messages. */
final class Texts {
    private static final String[] WORDS = ("the a to of and in is it you that for on was with he as I his they be at one have this "
            + "from or had by hot word but what some we can out other were all there when up use your how said an each she "
            + "which do their time if will way about many then them write would like so these her long make thing see him two "
            + "has look more day could go come did number sound no most people my over know water than call first who may down "
            + "side been now find any new work part take get place made live where after back little only round man year came "
            + "show every good me give our under name very through just form sentence great think say help low line differ turn "
            + "cause much mean before move right boy old too same tell does set three want air well also play small end put home "
            + "read hand port large spell add even land here must big high such follow act why ask men change went light kind").split(" ");

    private Texts() {}

    /** {@code minWords}..{@code maxWords} words, skewed towards the short end as most posts are. */
    static String sentence(RandomGenerator rng, int minWords, int maxWords) {
        double u = rng.nextDouble();
        int n = minWords + (int) ((maxWords - minWords) * u * u);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(WORDS[rng.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    static String name(RandomGenerator rng) {
        String w = WORDS[rng.nextInt(WORDS.length)];
        return Character.toUpperCase(w.charAt(0)) + w.substring(1) + " " + WORDS[rng.nextInt(WORDS.length)];
    }

    static String password(RandomGenerator rng) {
        String chars = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            b.append(chars.charAt(rng.nextInt(chars.length())));
        }
        return b.toString();
    }
}
