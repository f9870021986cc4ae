/**
 * \file sim/quote.h
 * User text made safe to show: in a message (cut to a short excerpt) or printed in full
 * (`clustersim inspect`). Control characters, DEL, the C1 controls (U+0080-U+009F) and
 * bytes that are not UTF-8 are escaped (\n, \r, \t, \xNN), so that a crafted scenario,
 * `--set` value or trajectory cannot move the cursor, recolour or retitle a terminal, and a
 * message stays on one line. Printable UTF-8 (Hangul, accents) is kept as it is.
 * Thread-safety: reentrant.
 */
#ifndef CSIM_SIM_QUOTE_H
#define CSIM_SIM_QUOTE_H

#include <stddef.h>

/** Characters of user text a message shows before it cuts the rest to "...". */
#define CSIM_QUOTE_MAX 60

/** Bytes that always hold an excerpt of CSIM_QUOTE_MAX characters (each escape is 4). */
#define CSIM_QUOTE_SIZE (4 * CSIM_QUOTE_MAX + 8)

/**
 * Write `text` escaped into `buf` (`size` bytes, always NUL-terminated when size > 0):
 * at most `max` characters of it, then "..." when some are left out. Only whole escapes
 * and characters are written; what does not fit is dropped. Cannot fail.
 * \return buf, so that the call can stand as a printf argument.
 */
const char *csim_quote(const char *text, size_t max, char *buf, size_t size);

/**
 * The whole of `text` escaped, in a new string (free() it). \return NULL when memory ran
 * out.
 */
char *csim_quote_dup(const char *text);

#endif /* CSIM_SIM_QUOTE_H */
