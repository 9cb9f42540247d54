package dev.loadgen.config;

/**
 * An execution segment: this instance is number {@code index} (from 0, like a Kubernetes Indexed Job's
 * completion index) of {@code count} instances that together make one run, as k6's execution segments
 * do. {@code 0/1} is a whole run.
 */
public record Segment(int index, int count) {
    public static final Segment WHOLE = new Segment(0, 1);

    public Segment {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("segment " + index + "/" + count + " is not i/n with 0 <= i < n");
        }
    }

    /**
     * Whether the item with this global sequence number (from 0) belongs to this instance. Items are dealt
     * round-robin, so the instances' shares differ by at most one and together they are the whole.
     */
    public boolean owns(long globalIndex) {
        return globalIndex % count == index;
    }

    /** This instance's share of {@code total} items dealt round-robin: ceil or floor of total/count. */
    public long share(long total) {
        return total / count + (total % count > index ? 1 : 0);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
