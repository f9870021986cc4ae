#include "sim/text_out.h"

#include <math.h>
#include <string.h>

void csim_csv_field(FILE *out, const char *s) {
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; ++p) {
        if (*p == '"') {
            fputc('"', out);
        }
        fputc(*p, out);
    }
    fputc('"', out);
}

void csim_csv_number(FILE *out, double v, int digits) {
    if (isfinite(v)) {
        fprintf(out, "%.*g", digits, v);
    }
}

void csim_csv_next_number(FILE *out, double v, int digits) {
    fputc(',', out);
    csim_csv_number(out, v, digits);
}

void csim_json_string(FILE *out, const char *s) {
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *) s; *p; ++p) {
        if (*p == '"' || *p == '\\') {
            fprintf(out, "\\%c", *p);
        } else if (*p < 0x20) {
            fprintf(out, "\\u%04x", *p);
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

void csim_json_number(FILE *out, double v, int digits) {
    if (isfinite(v)) {
        fprintf(out, "%.*g", digits, v);
    } else {
        fputs("null", out);
    }
}
