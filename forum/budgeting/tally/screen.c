/* Add1's screen in C: Equal Shares runs in floats with a bound on every budget's error.
 *
 * The rules of certainty are those of screen.py's docstring; this file is its kernel. Plain C
 * with no Python API (loaded with ctypes), compiled with -ffp-contract=off and without
 * -ffast-math, so every operation is one IEEE double rounding, as the error bounds assume.
 */

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { FINAL = 0, UNSURE = 1, NO_MEMORY = -1 };
enum { CERTAIN = 0, UNAFFORDABLE = 1, UNCERTAIN = 2 };

#define U (1.0 / 9007199254740992.0) /* 2^-53, unit roundoff of a double */
#define SAFETY 4.0                   /* rounding errors are counted four times over */

/* indexed by whether a supporter is poor (holds less than the trial cap) */
static const double ONE[2] = {0.0, 1.0};
static const double NOT_POOR[2] = {-INFINITY, 0.0};
static const double NOT_RICH[2] = {0.0, INFINITY};

typedef struct {
    double held;
    int64_t at;             /* the entry, counted from the project's first */
} Held;

typedef struct {
    /* the election, read only */
    int64_t projects, group_count;
    const int64_t *starts;  /* supporters of project j: entries starts[j] .. starts[j + 1] - 1 */
    const int32_t *groups;  /* entry -> group */
    const double *weights;  /* entry -> voters in its group */
    const double *costs, *counts;
    const int64_t *rank, *twin;
    const uint8_t *open;
    /* one run's state */
    double *money;          /* per group: float budget, bound on its error */
    uint8_t *funded, *remaining, *evaluated, *equal_split;
    double *lower, *cap, *cap_err, *live;
    int64_t *order;
    Held *scratch;          /* per entry of the largest project: for the sorted fallback */
} Kernel;

typedef struct {
    int verdict;
    double p, p_err, payers;
    int equal_split;
} Cap;

static int by_held(const void *a, const void *b) {
    double x = ((const Held *)a)->held, y = ((const Held *)b)->held;
    return (x > y) - (x < y);
}

/* Reorder `order` by ascending lower bound (insertion sort: the order changes little from
 * round to round, and there are only as many keys as projects). */
static void sort_by(const double *keys, int64_t *order, int64_t n) {
    for (int64_t i = 1; i < n; i++) {
        int64_t item = order[i], k = i - 1;
        while (k >= 0 && keys[order[k]] > keys[item]) {
            order[k + 1] = order[k];
            k--;
        }
        order[k + 1] = item;
    }
}

static Cap uncertain(void) {
    Cap c = {UNCERTAIN, 0.0, 0.0, 0.0, 0};
    return c;
}

/* `cap` by one sort of the supporters' money, when its passes do not settle. */
static Cap cap_sorted(const Kernel *K, int64_t first, int64_t last, double cost, double count,
                      double gamma) {
    int64_t n = last - first;
    Held *held = K->scratch;
    for (int64_t e = first; e < last; e++) {
        held[e - first].held = K->money[2 * (int64_t)K->groups[e]];
        held[e - first].at = e - first;
    }
    qsort(held, (size_t)n, sizeof(Held), by_held);
    double poor_weight = 0.0, poor_money = 0.0, poor_err = 0.0;
    double p = held[n - 1].held;
    for (int64_t s = 0; s < n; s++) {
        int64_t i = held[s].at;
        p = (cost - poor_money) / (count - poor_weight);
        if (p <= held[s].held)
            break;
        double w = K->weights[first + i];
        poor_weight += w;
        poor_money += w * held[s].held;
        poor_err += w * K->money[2 * (int64_t)K->groups[first + i] + 1];
    }
    double rich = count - poor_weight;
    if (rich < 0.5)
        return uncertain();
    double p_err = (poor_err * (1 + gamma) + gamma * (poor_money + cost)) / rich + SAFETY * U * p;
    for (int64_t e = first; e < last; e++) {
        const double *m = K->money + 2 * (int64_t)K->groups[e];
        if (fabs(m[0] - p) - m[1] <= p_err)
            return uncertain();
    }
    Cap c = {CERTAIN, p, p_err, rich, 0};
    return c;
}

/* One pass over project j's supporters, split at a trial cap: those holding less (the poor)
 * pay all they have, the others the cap. */
typedef struct {
    double weight, held, held_err;      /* the poor's weight, money, and a bound on its error */
    double poor_most, rich_least;       /* the most money of a poor one, the least of the others */
    double total, max_err;              /* everyone's money, and the largest error of one's */
} Split;

static inline __attribute__((always_inline)) Split split_at(const Kernel *K, int64_t first,
                                                            int64_t last, double trial,
                                                            int first_pass) {
    const int32_t *groups = K->groups;
    const double *weights = K->weights, *money = K->money;
    double weight = 0.0, held = 0.0, held_err = 0.0, total = 0.0, max_err = 0.0;
    double poor_most = -INFINITY, rich_least = INFINITY;
    for (int64_t e = first; e < last; e++) {
        const double *m = money + 2 * (int64_t)groups[e];
        double b = m[0], b_err = m[1], we = weights[e];
        if (first_pass) {
            total += we * b;
            max_err = b_err > max_err ? b_err : max_err;
        }
        /* branch-free (whether b < trial is a coin toss for the processor): adding 0.0
         * leaves a number as it is, adding -inf or +inf takes it out of a max or a min */
        int poor = b < trial;
        double w = we * ONE[poor];
        weight += w;
        held += w * b;
        held_err += w * b_err;
        double x = b + NOT_POOR[poor];
        poor_most = x > poor_most ? x : poor_most;
        x = b + NOT_RICH[poor];
        rich_least = x < rich_least ? x : rich_least;
    }
    Split s = {weight, held, held_err, poor_most, rich_least, total, max_err};
    return s;
}

/* The payment cap of project j, a bound on its error, whether it is an equal split, and the
 * payers of the cap.
 *
 * An equal split means that every supporter with money left pays the cap (the others have
 * exactly nothing), so the cap is exactly cost / payers.
 *
 * A pass over the supporters splits them at a trial cap t, starting from `start`, a lower
 * bound of the cap (cost / count, or the cap of an earlier round less its error: money only
 * shrinks, so caps only grow): those holding less than t pay all they have, and p is computed
 * from the rest. If nobody else holds less than p, p is the cap; otherwise the next pass tries
 * t = p (p only grows, so the set of payers-in-full only grows). The same pass records how
 * close any supporter's money comes to either side of the split, and the first one also sums
 * the money of all supporters. */
static Cap cap_of(const Kernel *K, int64_t j, double cost, double count, double start) {
    int64_t first = K->starts[j], last = K->starts[j + 1];
    double gamma = SAFETY * (double)(last - first + 2) * U;
    double trial = start;
    Split s = split_at(K, first, last, trial, 1);
    double max_err = s.max_err;         /* bounds the error of every supporter's money */
    double slack = count * max_err * (1 + gamma) + gamma * s.total;
    if (s.total + slack < cost) {
        Cap c = {UNAFFORDABLE, 0.0, 0.0, 0.0, 0};
        return c;
    }
    if (s.total - slack <= cost)
        return uncertain();
    for (int sweep = 0; sweep < 32; sweep++) {
        if (sweep > 0)
            s = split_at(K, first, last, trial, 0);
        /* a poor one with 0.0 paid all it had in an earlier round: it has exactly nothing */
        double poor_top = s.poor_most > 0.0 ? s.poor_most + max_err : s.poor_most;
        double rich_low = s.rich_least - max_err;
        double rich = count - s.weight;
        if (rich < 0.5)
            return uncertain();
        double p = (cost - s.held) / rich;
        if (s.poor_most < p && p <= s.rich_least) {
            double p_err = (s.held_err * (1 + gamma) + gamma * (s.held + cost)) / rich
                           + SAFETY * U * p;
            double near = p - poor_top < rich_low - p ? p - poor_top : rich_low - p;
            if (near <= p_err)
                return uncertain();
            Cap c = {CERTAIN, p, p_err, rich, poor_top <= 0.0};
            return c;
        }
        trial = p;
    }
    return cap_sorted(K, first, last, cost, count, gamma);
}

/* The round's certain winner, -1 if none is affordable, -2 if floats cannot tell. */
static int64_t winner_of(const Kernel *K, double best_hi) {
    int64_t winner = -1;
    int all_equal_split = 1, all_twins = 1;
    for (int64_t j = 0; j < K->projects; j++) {
        if (!(K->evaluated[j] && K->lower[j] <= best_hi))
            continue;
        all_equal_split = all_equal_split && K->equal_split[j];
        if (winner == -1) {
            winner = j;
            continue;
        }
        all_twins = all_twins && K->twin[j] == K->twin[winner];
        if (!(all_equal_split || all_twins))
            return -2;
        if (all_equal_split && K->live[j] != K->live[winner]) {
            if (K->live[j] > K->live[winner])
                winner = j;
        } else if (K->rank[j] < K->rank[winner]) {
            winner = j;
        }
    }
    return winner;
}

/* One Equal Shares run in floats; `funded` gets its outcome. 0 if not certain. */
static int run(Kernel *K, double share) {
    int64_t P = K->projects;
    for (int64_t g = 0; g < K->group_count; g++) {
        K->money[2 * g] = share;
        K->money[2 * g + 1] = SAFETY * U * share;
    }
    for (int64_t j = 0; j < P; j++) {
        K->funded[j] = 0;
        K->remaining[j] = K->open[j];
        K->lower[j] = K->remaining[j] ? (1.0 - 4 * U) / K->counts[j] : INFINITY;
        K->order[j] = j;
    }
    for (;;) {
        sort_by(K->lower, K->order, P);
        memset(K->evaluated, 0, (size_t)P);
        double best_hi = INFINITY;
        for (int64_t i = 0; i < P; i++) {
            int64_t j = K->order[i];
            if (!K->remaining[j] || K->lower[j] > best_hi)
                break;
            double split = K->costs[j] / K->counts[j], bound = K->lower[j] * K->costs[j];
            double start = bound > split ? bound : split;
            Cap c = cap_of(K, j, K->costs[j], K->counts[j], start);
            if (c.verdict == UNAFFORDABLE) {
                K->remaining[j] = 0;
                K->lower[j] = INFINITY;
                continue;
            }
            if (c.verdict == UNCERTAIN)
                return 0;
            K->cap[j] = c.p;
            K->cap_err[j] = c.p_err;
            K->equal_split[j] = (uint8_t)c.equal_split;
            K->live[j] = c.payers;
            double rho = c.p / K->costs[j];
            double rho_err = c.p_err / K->costs[j] + 2 * U * rho;
            K->lower[j] = rho - rho_err;
            K->evaluated[j] = 1;
            double hi = rho + rho_err;
            best_hi = hi < best_hi ? hi : best_hi;
        }
        int64_t w = winner_of(K, best_hi);
        if (w == -2)
            return 0;
        if (w == -1)
            return 1;
        double p = K->cap[w], p_err = K->cap_err[w];
        for (int64_t e = K->starts[w]; e < K->starts[w + 1]; e++) {
            double *m = K->money + 2 * (int64_t)K->groups[e];
            if (m[0] < p) {
                m[0] = 0.0;
                m[1] = 0.0;
            } else {
                m[0] -= p;
                m[1] += p_err + SAFETY * U * m[0];
            }
        }
        K->funded[w] = 1;
        K->remaining[w] = 0;
        K->lower[w] = INFINITY;
    }
}

static int kernel_alloc(Kernel *K, int64_t widest) {
    int64_t P = K->projects;
    K->money = malloc(sizeof(double) * 2 * (size_t)(K->group_count > 0 ? K->group_count : 1));
    K->funded = calloc((size_t)P + 1, 4);
    K->lower = malloc(sizeof(double) * 4 * ((size_t)P + 1));
    K->order = malloc(sizeof(int64_t) * ((size_t)P + 1));
    K->scratch = malloc(sizeof(Held) * (size_t)widest);
    if (!(K->money && K->funded && K->lower && K->order && K->scratch))
        return 0;
    K->remaining = K->funded + (P + 1);
    K->evaluated = K->remaining + (P + 1);
    K->equal_split = K->evaluated + (P + 1);
    K->cap = K->lower + (P + 1);
    K->cap_err = K->cap + (P + 1);
    K->live = K->cap_err + (P + 1);
    return 1;
}

static void kernel_free(Kernel *K) {
    free(K->money);
    free(K->funded);
    free(K->lower);
    free(K->order);
    free(K->scratch);
}

typedef struct {
    Kernel K;
    double share;
    int certain;
} Job;

static void *run_job(void *arg) {
    Job *job = arg;
    job->certain = run(&job->K, job->share);
    return NULL;
}

/* Add1's loop over screened runs from run `first` on (as completion._kept_run): run k starts
 * every voter from share_0 (k = 0) or share_1 + (k - 1) * unit. Returns FINAL or UNSURE and
 * sets *index to the kept run or to the run to take exactly; NO_MEMORY if allocation failed.
 * With `threads` = 2, runs k and k + 1 are computed at once, on two cores, and their outcomes
 * then weighed in order, as one after the other (a run past the decisive one is wasted). */
int add1_scan(int64_t first, double share_0, double share_1, double unit,
              const int64_t *starts, const int32_t *groups, const double *weights,
              const double *costs, const int64_t *prices, const double *counts,
              const int64_t *rank, const uint8_t *open, const int64_t *twin,
              int64_t projects, int64_t group_count, int64_t budget, int exhaustive,
              int threads, int64_t *index) {
    Kernel K = {.projects = projects, .group_count = group_count, .starts = starts,
                .groups = groups, .weights = weights, .costs = costs, .counts = counts,
                .rank = rank, .twin = twin, .open = open};
    int64_t P = projects, widest = 1;
    for (int64_t j = 0; j < P; j++)
        if (starts[j + 1] - starts[j] > widest)
            widest = starts[j + 1] - starts[j];
    int lanes = threads >= 2 ? 2 : 1;
    Job jobs[2] = {{.K = K}, {.K = K}};
    int verdict = NO_MEMORY;
    if (!kernel_alloc(&jobs[0].K, widest) || (lanes == 2 && !kernel_alloc(&jobs[1].K, widest)))
        goto done;
    int64_t candidates = 0;
    for (int64_t j = 0; j < P; j++)
        candidates += open[j] != 0;
    for (int64_t k = first;; k += lanes) {
        for (int i = 0; i < lanes; i++)
            jobs[i].share = k + i == 0 ? share_0 : share_1 + (double)(k + i - 1) * unit;
        pthread_t helper;
        int helped = lanes == 2 && pthread_create(&helper, NULL, run_job, &jobs[1]) == 0;
        run_job(&jobs[0]);
        if (helped)
            pthread_join(helper, NULL);
        else if (lanes == 2)
            run_job(&jobs[1]);
        for (int i = 0; i < lanes; i++) {
            int64_t run_index = k + i;
            const Kernel *R = &jobs[i].K;
            if (!jobs[i].certain) {
                verdict = UNSURE;
                *index = run_index;
                goto done;
            }
            int64_t cost = 0, chosen = 0;
            for (int64_t j = 0; j < P; j++)
                if (R->funded[j]) {
                    cost += prices[j];
                    chosen++;
                }
            if (run_index > 0 && cost > budget) {
                verdict = FINAL;
                *index = run_index - 1;
                goto done;
            }
            if (chosen == candidates) {
                verdict = FINAL;
                *index = run_index;
                goto done;
            }
            if (exhaustive) {
                int64_t left = budget - cost;
                int fits = 0;
                for (int64_t j = 0; j < P && !fits; j++)
                    fits = open[j] && !R->funded[j] && prices[j] <= left;
                if (!fits) {
                    verdict = FINAL;
                    *index = run_index;
                    goto done;
                }
            }
        }
    }
done:
    kernel_free(&jobs[0].K);
    if (lanes == 2)
        kernel_free(&jobs[1].K);
    return verdict;
}
