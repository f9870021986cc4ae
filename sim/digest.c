/* 64-bit FNV-1a (sim/digest.h). */
#include "sim/digest.h"

#include <string.h>

uint64_t csim_digest_update(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; ++i) {
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t csim_digest_update_text(uint64_t h, const char *s) {
    return csim_digest_update(h, s ? s : "", s ? strlen(s) + 1 : 1);
}
