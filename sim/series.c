#include "sim/series.h"

#include <math.h>

double csim_series_at(const csim_series *series, double year, double fallback) {
    if (series->n == 0) {
        return fallback;
    }
    const double whole_year = floor(year);
    double value = series->value[0];
    for (size_t i = 0; i < series->n; ++i) {
        if ((double) series->year[i] <= whole_year) {
            value = series->value[i];
        } else {
            break;
        }
    }
    return value;
}
