#!/usr/bin/env Rscript
# Read the tidy CSV of `clustersim table DIR -o FILE` (an ensemble or sweep folder as one
# long table: scenario, replicate, [swept parameters,] time, year, month, observable,
# value) with base R only (read.csv; no package needed) and print, per scenario (a sweep's
# design point) and observable, the mean over replicates of each run's mean over the
# months of one calendar year, with its 95% t interval.
#
# Usage: Rscript analysis/R/read_ensemble.R TABLE.csv [YEAR [SUMMARY.csv]]
#   YEAR         calendar year (default: the last year in the table)
#   SUMMARY.csv  also write the summary there (scenario,observable,n,mean,ci_low,ci_high)
# Exit codes: 0 success, 2 bad input (arguments, a missing file, not a table's CSV, a year
# the table does not hold).
#
# The interval is the plain t interval x +- t(0.975, n - 1) sd / sqrt(n); unlike
# `clustersim compare` it is not cut at the measure's support (docs/ANALYSIS.md), so for a
# count or a share with few replicates it can reach below 0 or above 1.

fail <- function(...) {
  message("read_ensemble.R: ", sprintf(...))
  quit(save = "no", status = 2)
}

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1 || length(args) > 3) {
  fail("usage: Rscript read_ensemble.R TABLE.csv [YEAR [SUMMARY.csv]]")
}
path <- args[[1]]
if (!file.exists(path)) {
  fail("cannot read '%s': no such file", path)
}
df <- read.csv(path, stringsAsFactors = FALSE, check.names = FALSE)
need <- c("scenario", "replicate", "year", "observable", "value")
missing <- setdiff(need, names(df))
if (length(missing) > 0) {
  fail("%s: no column %s: not a CSV of `clustersim table`", path,
       paste(missing, collapse = ", "))
}
year <- if (length(args) >= 2) suppressWarnings(as.integer(args[[2]])) else max(df$year)
if (is.na(year) || !(year %in% df$year)) {
  fail("%s: year '%s' is not in the table (it covers %d to %d)", path,
       if (length(args) >= 2) args[[2]] else "", min(df$year), max(df$year))
}

# Each run's (scenario, replicate) mean over the months of the year, then per scenario and
# observable the mean over replicates.
sub <- df[df$year == year & !is.na(df$value), ]
runs <- aggregate(value ~ scenario + replicate + observable, data = sub, FUN = mean)
parts <- split(runs, list(runs$scenario, runs$observable), drop = TRUE)
rows <- lapply(parts, function(p) {
  n <- nrow(p)
  m <- mean(p$value)
  h <- if (n > 1) qt(0.975, n - 1) * sd(p$value) / sqrt(n) else NA_real_
  data.frame(scenario = p$scenario[1], observable = p$observable[1], n = n, mean = m,
             ci_low = m - h, ci_high = m + h, stringsAsFactors = FALSE)
})
out <- do.call(rbind, rows)
out <- out[order(out$scenario, out$observable), ]
rownames(out) <- NULL

cat(sprintf("%s: %d rows, %d scenarios, %d observables; year %d: mean over replicates of each run's year mean, 95%% t interval\n",
            path, nrow(df), length(unique(df$scenario)), length(unique(df$observable)),
            as.integer(year)))
for (s in unique(out$scenario)) {
  cat(sprintf("\nscenario %s\n", s))
  print(out[out$scenario == s, c("observable", "n", "mean", "ci_low", "ci_high")],
        row.names = FALSE, digits = 6)
}
if (length(args) >= 3) {
  write.csv(out, args[[3]], row.names = FALSE)
}
