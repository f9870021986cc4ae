/* POSIX 2008 for gmtime_r under -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include "sim/wall_clock.h"

#include <time.h>

void csim_wall_clock_iso(char *buf, size_t size) {
    const time_t now = time(NULL);
    struct tm tm_utc;
    if (size == 0) {
        return;
    }
    buf[0] = '\0';
    if (gmtime_r(&now, &tm_utc) && strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm_utc) == 0) {
        buf[0] = '\0'; /* too short: strftime leaves the contents undefined */
    }
}
