#include "sim/str_copy.h"

#include <stdlib.h>
#include <string.h>

char *csim_str_copy(const char *s) {
    return csim_str_copy_n(s, strlen(s));
}

char *csim_str_copy_n(const char *s, size_t n) {
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

void csim_str_list_free(char **list, size_t n) {
    if (!list) {
        return;
    }
    for (size_t i = 0; i < n; ++i) {
        free(list[i]);
    }
    free(list);
}
