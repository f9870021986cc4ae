/* The ThreadSanitizer check of tools/sanitize.sh must be able to fail: this program has a
 * data race in an OpenMP loop when run as `race_probe racy`, and none otherwise (its
 * second loop reads what other threads wrote in the first, which is safe only because of
 * the barrier at the end of a parallel region: the synchronisation TSan must be told
 * about, see tests/tsan.supp). tools/sanitize.sh expects a report for the first and
 * silence for the second before it trusts a silent run of the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const int racy = argc > 1 && strcmp(argv[1], "racy") == 0;
    const long n = 100000;
    double *a = calloc((size_t) n, sizeof *a);
    double *b = calloc((size_t) n, sizeof *b);
    long sum = 0;

    if (!a || !b) {
        free(a);
        free(b);
        return 1;
    }
    if (racy) {
#pragma omp parallel for
        for (long i = 0; i < n; ++i) {
            sum += i; /* every thread adds to the same variable: a race */
        }
    } else {
#pragma omp parallel for reduction(+ : sum)
        for (long i = 0; i < n; ++i) {
            a[i] = (double) i;
            sum += i;
        }
#pragma omp parallel for
        for (long i = 0; i < n; ++i) {
            b[i] = a[n - 1 - i]; /* written by another thread, before the barrier */
        }
    }
    printf("%ld %g\n", sum, b[0]);
    free(a);
    free(b);
    return 0;
}
