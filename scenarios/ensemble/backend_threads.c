/* What both ensemble backends read of the environment (scenarios/ensemble/backend.h). */
#include "scenarios/ensemble/backend.h"

#include <stdlib.h>

unsigned long long csim_par_env_threads(void) {
    const char *s = getenv("OMP_NUM_THREADS");
    if (!s || *s == '\0') {
        return 0;
    }
    char *end = NULL;
    const unsigned long long v = strtoull(s, &end, 10);
    return (end != s && (*end == '\0' || *end == ',')) ? v : 0;
}
