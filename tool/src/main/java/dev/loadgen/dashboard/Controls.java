package dev.loadgen.dashboard;

/**
 * What the page's status and control requests reach: one run's engine ({@link Dashboard}), or every instance of a
 * scaled-out run ({@link ControlPoint}). {@link DashboardHandler} has checked access before either is called.
 */
interface Controls {
    /** {@code GET /api/status}. */
    ControlApi.Answer status();

    /** {@code POST /api/users}, {@code /api/rate} or {@code /api/stop} with its JSON body. */
    ControlApi.Answer control(String path, String body);
}
