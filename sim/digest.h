/**
 * \file sim/digest.h
 * A 64-bit FNV-1a digest: a fingerprint of bytes that is cheap, fixed across machines and
 * versions, and not meant to resist someone crafting collisions (it tells an ensemble's
 * index and its files apart after an edit or a mix-up, not after an attack).
 * Pure functions; thread-safe.
 */
#ifndef CSIM_SIM_DIGEST_H
#define CSIM_SIM_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/** FNV-1a's offset basis: the digest of nothing, where a chain of updates starts. */
#define CSIM_DIGEST_START UINT64_C(0xcbf29ce484222325)

/** Continue digest `h` over `n` bytes at `data`. */
uint64_t csim_digest_update(uint64_t h, const void *data, size_t n);

/** Continue digest `h` over the text `s` and its terminating NUL (NULL counts as ""). */
uint64_t csim_digest_update_text(uint64_t h, const char *s);

#endif /* CSIM_SIM_DIGEST_H */
