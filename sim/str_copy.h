/**
 * \file sim/str_copy.h
 * The project's one string copy. C11 has no strdup (it is POSIX), and each module that
 * needed one had written its own; these are those copies, once. With them the one release
 * of an array of such copies, which readers, loaders and destroy functions had each
 * written as their own loop.
 */
#ifndef CSIM_SIM_STR_COPY_H
#define CSIM_SIM_STR_COPY_H

#include <stddef.h>

/** A malloc'd copy of `s` (NUL-terminated), or NULL when memory runs out. */
char *csim_str_copy(const char *s);

/** A malloc'd copy of the `n` bytes at `s`, NUL-terminated, or NULL when memory runs out.
 *  `s` need not be terminated (a slice of a larger text). */
char *csim_str_copy_n(const char *s, size_t n);

/** Free the `n` strings of `list` (NULL entries allowed, as a list filled part way
 *  leaves them), then `list` itself. A NULL `list` is nothing to free, whatever `n`. */
void csim_str_list_free(char **list, size_t n);

#endif /* CSIM_SIM_STR_COPY_H */
