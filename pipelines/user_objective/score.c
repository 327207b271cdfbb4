/*
 * A user objective for `latkit search`: any plain C function of numbers, in your own shared
 * library. Build it with
 *
 *     cc -shared -fPIC -O2 -o pipelines/user_objective/libscore.so pipelines/user_objective/score.c
 *
 * and name it in a pipeline file with its signature, "d(d,d)" for double(double, double).
 */

/* Accuracy, minus 0.5 points for every millisecond above 20 ms: a soft latency budget. */
double score(double latency_ms, double accuracy) {
    double over = latency_ms > 20.0 ? latency_ms - 20.0 : 0.0;
    return accuracy - 0.005 * over;
}
