package dev.loadgen.config;

import java.time.Duration;
import java.util.List;

/**
 * The shape of the load: the closed model (a number of concurrent users) or the open model (a rate of
 * arriving sessions), each as a list of stages, plus how long users may take to finish when it ends.
 */
public sealed interface LoadProfile permits LoadProfile.Closed, LoadProfile.Open {
    List<Stage> stages();

    Duration gracefulStop();

    Segment segment();

    /** The sum of the stages: how long the load runs before graceful stop. */
    default Duration duration() {
        return stages().stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** A piece of the shape: over {@code duration}, go linearly from the previous target to {@code target}. */
    record Stage(Duration duration, double target) {
        public Stage {
            if (duration.isNegative() || !(target >= 0)) {
                throw new IllegalArgumentException("a stage needs a duration >= 0 and a target >= 0");
            }
        }
    }

    /** Concurrent users; targets are user counts, starting from 0. */
    record Closed(List<Stage> stages, Duration gracefulStop, Segment segment) implements LoadProfile {
        public Closed {
            stages = List.copyOf(stages);
        }

        public int peakUsers() {
            return (int) stages.stream().mapToDouble(Stage::target).max().orElse(0);
        }
    }

    /** Arriving sessions; targets are rates per second, starting from {@code startRate}. */
    record Open(double startRate, List<Stage> stages, Arrivals arrivals, int maxUsers,
                Duration gracefulStop, Segment segment) implements LoadProfile {
        public Open {
            stages = List.copyOf(stages);
        }
    }

    enum Arrivals { POISSON, CONSTANT }
}
