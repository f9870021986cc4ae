/**
 * \file sim/yaml_limits.h
 * Bounds on what a YAML input (scenario, `extends:` target, sweep file, targets file,
 * `--set` value) may cost before it is parsed, so that a small hostile input is refused
 * at once instead of blocking, exhausting memory or taking minutes:
 *  - only a regular file is read: a FIFO would block forever waiting for a writer and
 *    `/dev/zero` would be read until memory runs out; both are refused without blocking
 *    (the file is opened with O_NONBLOCK, then checked with fstat);
 *  - at most CSIM_YAML_MAX_BYTES: the largest file shipped is 6 KB;
 *  - at most CSIM_YAML_MAX_DEPTH nested mappings and sequences: libyaml takes time
 *    quadratic in the nesting (80 KB of '[' took 11 s, 200 KB over 30 s); a scenario
 *    needs 3 levels. The depth is counted on libyaml's event stream, which stops at the
 *    first level too deep, so the refusal costs microseconds.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_SIM_YAML_LIMITS_H
#define CSIM_SIM_YAML_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/error.h"

/** Most bytes of one YAML input file (1 MiB). */
#define CSIM_YAML_MAX_BYTES ((size_t) 1 << 20)

/** Most nested mappings and sequences in one YAML text. */
#define CSIM_YAML_MAX_DEPTH 64

/**
 * Read the whole regular file at `path`, NUL-terminated, into a new buffer (*text, to
 * free(); *len bytes without the NUL).
 * \return 0 on success; else an errno value: the one of open or read, ENOMEM, EINVAL for
 *         a file that is not regular, EFBIG for one larger than CSIM_YAML_MAX_BYTES. `why`
 *         (size bytes, always NUL-terminated) then holds the reason in words for a
 *         message, e.g. "is a FIFO, not a regular file", "is 3145728 bytes; expected at
 *         most 1048576 (1 MiB)", "No such file or directory".
 */
int csim_yaml_read_file(const char *path, char **text, size_t *len, char *why, size_t size);

/**
 * Refuse `text` (len bytes) when it holds a NUL byte ("SHOWN:LINE:COLUMN: a NUL byte
 * (byte offset N); expected a text file ...": libyaml stops reading at a NUL) or when its
 * mappings and sequences nest deeper than CSIM_YAML_MAX_DEPTH.
 * \param shown   where the text came from, to start the message; NULL for none
 * \return CSIM_OK (also for text libyaml cannot parse: the caller's parse reports that);
 *         CSIM_EPARSE "SHOWN:LINE:COLUMN: mappings and sequences nested deeper than 64
 *         levels; ..." ("at column C: ..." without `shown`); CSIM_ENOMEM.
 */
csim_status csim_yaml_check_depth(const char *shown, const char *text, size_t len);

#endif /* CSIM_SIM_YAML_LIMITS_H */
