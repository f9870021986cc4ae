/**
 * \file sim/text_out.h
 * The one place that writes a value into CSV or JSON text: a CSV field quoted only when
 * it must be (RFC 4180), a JSON string escaped, and numbers with a stated number of
 * significant digits where a missing value (NaN, infinity) is an empty CSV field or JSON
 * null. Every table, CSV and JSON writer of the analyses uses these, so that one
 * escaping rule holds everywhere.
 */
#ifndef CSIM_SIM_TEXT_OUT_H
#define CSIM_SIM_TEXT_OUT_H

#include <stdio.h>

/** `s` as one CSV field: as is, or in double quotes (inner quotes doubled) when it
 *  holds a comma, a double quote or a line break. */
void csim_csv_field(FILE *out, const char *s);

/** A CSV number with `digits` significant digits (%.*g); nothing for NaN or infinity,
 *  the empty field CSV readers take as missing. */
void csim_csv_number(FILE *out, double v, int digits);

/** A number as the next field of a CSV row: the separating comma, then
 *  csim_csv_number (so a missing value leaves the field empty). */
void csim_csv_next_number(FILE *out, double v, int digits);

/** `s` as a JSON string: in double quotes, `"` and `\` escaped, control bytes as \u00XX;
 *  other bytes (UTF-8) as they are. */
void csim_json_string(FILE *out, const char *s);

/** A JSON number with `digits` significant digits (17 reads back the same double), or
 *  null for NaN and infinity, which JSON cannot hold. */
void csim_json_number(FILE *out, double v, int digits);

#endif /* CSIM_SIM_TEXT_OUT_H */
