/* Escaping user text for messages and listings (sim/quote.h). */
#include "sim/quote.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the printable character at `s`: 1 for printable ASCII, 2-4 for a well-formed
 * UTF-8 sequence of a character that is not a C1 control; 0 for a byte to escape. */
static size_t printable_length(const unsigned char *s) {
    const unsigned c = s[0];
    if (c < 0x80) {
        return c >= 0x20 && c != 0x7f ? 1 : 0;
    }
    size_t n = 0;
    unsigned long cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; ++i) {
        if ((s[i] & 0xc0) != 0x80) { /* also stops at the terminating NUL */
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
    const bool c1 = cp >= 0x80 && cp <= 0x9f;
    return overlong || surrogate || c1 || cp > 0x10ffff ? 0 : n;
}

/* The escape of one byte: \n, \r, \t or \xNN. */
static void escape_byte(unsigned char c, char out[5]) {
    if (c == '\n') {
        memcpy(out, "\\n", 3);
    } else if (c == '\r') {
        memcpy(out, "\\r", 3);
    } else if (c == '\t') {
        memcpy(out, "\\t", 3);
    } else {
        snprintf(out, 5, "\\x%02x", c);
    }
}

/* The escaped text, at most `max` characters of it; writes whole pieces while they fit
 * into buf and returns the length of the whole result (without the NUL), like snprintf. */
static size_t quote_into(const char *text, size_t max, char *buf, size_t size) {
    const unsigned char *s = (const unsigned char *) text;
    size_t used = 0, chars = 0;
    bool full = size == 0;

    while (*s != '\0') {
        char piece[5];
        const char *from = piece;
        size_t n = printable_length(s);
        size_t advance = n;
        if (chars == max) {
            from = "...";
            n = 3;
            advance = 0;
        } else if (n == 0) {
            escape_byte(*s, piece);
            n = strlen(piece);
            advance = 1;
        } else {
            from = (const char *) s;
        }
        if (!full && used + n < size) {
            memcpy(buf + used, from, n);
            buf[used + n] = '\0';
        } else {
            full = true;
        }
        used += n;
        if (advance == 0) {
            break;
        }
        s += advance;
        ++chars;
    }
    if (size > 0 && used == 0) {
        buf[0] = '\0';
    }
    return used;
}

const char *csim_quote(const char *text, size_t max, char *buf, size_t size) {
    if (size > 0) {
        buf[0] = '\0';
    }
    quote_into(text ? text : "", max, buf, size);
    return buf;
}

char *csim_quote_dup(const char *text) {
    const char *t = text ? text : "";
    const size_t n = quote_into(t, (size_t) -1, NULL, 0);
    char *out = malloc(n + 1);
    if (out) {
        out[0] = '\0';
        quote_into(t, (size_t) -1, out, n + 1);
    }
    return out;
}
