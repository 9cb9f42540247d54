package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A control request to the control point, sent on to every instance.
 *
 * <p>An instance's own control API takes the whole run's figure, as its config does, and runs its segment's
 * share of it (LoadControl). So when the instances are the segments of one run ({@code 0/3}, {@code 1/3},
 * {@code 2/3}), each is sent the total as it is, and runs what {@code --segment} deals it: 60 users are 20, 20 and
 * 20, 7 users 3, 2 and 2; a rate is a third each. Instances that run whole runs side by side ({@code 0/1} each)
 * are sent shares: the total dealt over them in their order as segments would deal it. Anything else (segments of
 * different splits, one segment twice, whole runs beside segments) is refused before anything is sent.
 *
 * <p>The answer lists what each instance answered. One that refused or could not be reached makes it a 502, with
 * every instance's answer in it: the others have changed, and that is said too.
 */
final class FanOut {
    private final Supplier<List<Instance>> instances;

    FanOut(Supplier<List<Instance>> instances) {
        this.instances = instances;
    }

    /** How a total is split over the instances: the segments of one run, or whole runs side by side. */
    record Split(boolean oneRun, int parts) {
        /** What instance {@code i}, running {@code segment}, is sent, and what it runs of it. */
        double[] users(int i, Segment segment, long total) {
            long runs = oneRun ? segment.share(total) : new Segment(i, parts).share(total);
            return new double[] {oneRun ? total : runs, runs};
        }

        double[] rate(Segment segment, double total) {
            double runs = total / (oneRun ? segment.count() : parts);
            return new double[] {oneRun ? total : runs, runs};
        }
    }

    /**
     * How the instances' segments split a total.
     *
     * @throws IllegalStateException with one line naming the instances that do not fit
     */
    static Split split(List<String> names, List<Segment> segments) {
        if (segments.stream().allMatch(s -> s.count() == 1)) {
            return new Split(false, segments.size());
        }
        int ref = 0;
        while (segments.get(ref).count() == 1) {
            ref++;
        }
        int n = segments.get(ref).count();
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).count() != n) {
                throw new IllegalStateException(names.get(ref) + " runs " + describe(segments.get(ref)) + " but " + names.get(i)
                        + " runs " + describe(segments.get(i)) + ": control the instances of one run (all i/" + n + "), or whole runs only");
            }
        }
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Integer before = seen.putIfAbsent(segments.get(i).index(), i);
            if (before != null) {
                throw new IllegalStateException(names.get(before) + " and " + names.get(i) + " both run segment " + segments.get(i)
                        + ": each instance of a run needs its own --segment i/" + n);
            }
        }
        return new Split(true, n);
    }

    private static String describe(Segment s) {
        return s.count() == 1 ? "a whole run (0/1)" : "segment " + s;
    }

    ControlApi.Answer control(String path, String body) {
        ControlApi.Change change;
        try {
            change = ControlApi.read(path, body);
        } catch (ControlApi.Refused e) {
            return e.answer();
        }
        List<Instance> all = instances.get();
        if (all.isEmpty()) {
            return ControlApi.error(503, "no instance to control yet: none was found; check --instances or --instances-dns");
        }
        List<Instance> going = all.stream().filter(i -> !i.ended()).toList();
        if (going.isEmpty()) {
            return ControlApi.error(409, "every instance's run is over; nothing left to change");
        }
        // read once: an instance whose run starts meanwhile is planned with what was known here
        Map<Instance, Optional<Segment>> segments = new HashMap<>();
        going.forEach(i -> segments.put(i, i.segment()));
        List<Instance> known = going.stream().filter(i -> segments.get(i).isPresent()).toList();
        Split split;
        try {
            split = change instanceof ControlApi.Stop || known.isEmpty() ? new Split(false, known.size())
                    : split(known.stream().map(i -> i.url().toString()).toList(), known.stream().map(i -> segments.get(i).orElseThrow()).toList());
        } catch (IllegalStateException e) {
            return ControlApi.error(409, e.getMessage());
        }
        List<Future<ObjectNode>> answers = new ArrayList<>();
        try (ExecutorService posts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Instance in : all) {
                int index = known.indexOf(in);
                answers.add(posts.submit(() -> going.contains(in) ? send(in, segments.get(in), index, split, change, path) : over(in)));
            }
        }
        ArrayNode list = StateJson.JSON.createArrayNode();
        List<String> failed = new ArrayList<>();
        int skipped = all.size() - going.size();
        for (Future<ObjectNode> f : answers) {
            ObjectNode a = f.resultNow();
            list.add(a);
            if (a.has("error")) {
                failed.add(a.path("url").asText() + ": " + a.path("error").asText());
            }
        }
        ObjectNode out = StateJson.JSON.createObjectNode();
        String done = summary(change, list, going.size()) + (skipped == 0 ? "" : "; " + skipped + " instance" + (skipped == 1 ? "" : "s")
                + " left alone, " + (skipped == 1 ? "its" : "their") + " run over");
        if (failed.isEmpty()) {
            out.put("message", done);
        } else {
            int ok = going.size() - failed.size();
            out.put("error", failed.size() + " of " + going.size() + " instances did not take it (" + String.join("; ", failed) + ")"
                    + (ok == 0 ? "" : "; the other " + ok + " did: " + done));
        }
        out.set("instances", list);
        return new ControlApi.Answer(!failed.isEmpty() ? 502 : change instanceof ControlApi.Stop ? 202 : 200, out);
    }

    /** Sends one instance its part; the answer's row says what it was sent, what it runs of it and what it said. */
    private static ObjectNode send(Instance in, Optional<Segment> segment, int index, Split split, ControlApi.Change change, String path) {
        ObjectNode row = StateJson.JSON.createObjectNode();
        row.put("url", in.url().toString());
        row.put("segment", segment.map(Segment::toString).orElse("-"));
        ObjectNode sent = StateJson.JSON.createObjectNode();
        switch (change) {
            case ControlApi.Users u -> {
                if (segment.isEmpty()) {
                    return row.put("error", unknown(in));
                }
                double[] part = split.users(index, segment.get(), u.users());
                sent.put("users", (long) part[0]).put("over", u.over().toMillis() / 1000.0);
                row.put("runs", (long) part[1]);
            }
            case ControlApi.Rate r -> {
                if (segment.isEmpty()) {
                    return row.put("error", unknown(in));
                }
                double[] part = split.rate(segment.get(), r.perSecond());
                sent.put("rate", part[0]).put("over", r.over().toMillis() / 1000.0);
                row.put("runs", part[1]);
            }
            case ControlApi.Stop s -> {
                // every instance stops, whatever it runs
            }
        }
        row.set("sent", sent);
        Instance.Reply reply = in.post(path, sent.toString());
        row.put("status", reply.status());
        reply.body().ifPresent(b -> row.set("reply", b));
        if (!reply.ok()) {
            row.put("error", reply.status() == 0 ? reply.problem()
                    : "HTTP " + reply.status() + ": " + reply.body().map(b -> b.path("error").asText(reply.problem())).orElse(reply.problem()));
        }
        return row;
    }

    /** An instance whose run is over is left alone: there is nothing to change there, and that is no failure. */
    private static ObjectNode over(Instance in) {
        ObjectNode row = StateJson.JSON.createObjectNode();
        row.put("url", in.url().toString());
        row.put("segment", in.segment().map(Segment::toString).orElse("-"));
        row.put("skipped", "its run is over; nothing sent");
        return row;
    }

    private static String unknown(Instance in) {
        String why = in.problem();
        return "its run has not started, so its segment is not known" + (why.isEmpty() ? "" : " (" + why + ")") + "; nothing sent";
    }

    private static String figure(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The change as done: the total, and what each instance runs of it. */
    private static String summary(ControlApi.Change change, ArrayNode rows, int sentTo) {
        List<String> parts = new ArrayList<>();
        rows.forEach(r -> {
            if (r.has("runs") && !r.has("error")) {
                parts.add(figure(r.path("runs").asDouble()));
            }
        });
        String each = parts.isEmpty() ? "" : " (" + String.join(" + ", parts) + " on " + parts.size() + " instances)";
        return switch (change) {
            case ControlApi.Users u -> u.done() + each;
            case ControlApi.Rate r -> r.done() + (parts.isEmpty() ? "" : " (" + String.join(" + ", parts.stream().map(p -> p + "/s").toList())
                    + " on " + parts.size() + " instances)");
            case ControlApi.Stop s -> String.format(Locale.ROOT, "stopping %d instance%s: users finish their current action, then each "
                    + "writes its results", sentTo, sentTo == 1 ? "" : "s");
        };
    }
}
