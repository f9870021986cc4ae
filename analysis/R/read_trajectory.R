#!/usr/bin/env Rscript
# Read one clustersim trajectory (HDF5) in R with Debian's r-cran-hdf5r and print, for
# each observable asked for, its mean over the months of each calendar year, with its unit
# and description as the file stores them (docs/OUTPUT.md: /observables/<name>/{time,
# value}, the unit an attribute of `value`, the description one of the group; a vector
# observable has a `names` dataset and one row per component).
#
# Usage: Rscript analysis/R/read_trajectory.R FILE.h5 OBSERVABLE... [--csv OUT.csv]
#   OBSERVABLE   a name under /observables (`clustersim inspect FILE` lists them), or
#                name[component] for one component of a vector, e.g. ties_by_origin[wg]
#   --csv OUT    also write the yearly means as CSV (observable,year,mean)
# Exit codes: 0 success, 2 bad input (arguments, a missing or unreadable file, an
# observable the file does not hold), 3 the package hdf5r is not installed.
#
# Why hdf5r and not rhdf5: hdf5r is the HDF5 binding Debian 12 packages
# (r-cran-hdf5r); rhdf5 comes from Bioconductor and is not in Debian's main archive.

fail <- function(status, ...) {
  message("read_trajectory.R: ", sprintf(...))
  quit(save = "no", status = status)
}

if (!suppressWarnings(suppressMessages(requireNamespace("hdf5r", quietly = TRUE)))) {
  fail(3, "the R package hdf5r is missing (Debian: apt-get install r-cran-hdf5r)")
}

args <- commandArgs(trailingOnly = TRUE)
csv_out <- NULL
at <- match("--csv", args)
if (!is.na(at)) {
  if (at == length(args)) fail(2, "--csv needs a file name")
  csv_out <- args[[at + 1]]
  args <- args[-c(at, at + 1)]
}
if (length(args) < 2) {
  fail(2, "usage: Rscript read_trajectory.R FILE.h5 OBSERVABLE... [--csv OUT.csv]")
}
path <- args[[1]]
wanted <- args[-1]
if (!file.exists(path)) fail(2, "cannot read '%s': no such file", path)

file <- tryCatch(hdf5r::H5File$new(path, mode = "r"),
                 error = function(e) fail(2, "%s: not an HDF5 file", path))
if (!file$exists("observables")) {
  fail(2, "%s: no /observables: not a clustersim trajectory", path)
}
obs <- file[["observables"]]

# One observable (or one component of a vector) as a numeric vector per month.
series <- function(spec) {
  m <- regmatches(spec, regexec("^([A-Za-z0-9_]+)(\\[([^]]+)\\])?$", spec))[[1]]
  if (length(m) == 0) fail(2, "'%s' is not NAME or NAME[component]", spec)
  name <- m[[2]]
  component <- m[[4]]
  if (!obs$exists(name)) {
    fail(2, "%s: no observable '%s' (clustersim inspect %s lists them)", path, name, path)
  }
  group <- obs[[name]]
  value <- group[["value"]]
  unit <- hdf5r::h5attr(value, "unit")
  description <- hdf5r::h5attr(group, "description")
  data <- value$read()
  if (is.matrix(data)) {
    # hdf5r reverses HDF5's dimension order: rows are components, columns are months.
    names <- group[["names"]]$read()
    if (component == "") {
      fail(2, "'%s' is a vector (%s): ask for one component, e.g. %s[%s]", name,
           paste(names, collapse = ", "), name, names[[1]])
    }
    row <- match(component, names)
    if (is.na(row)) {
      fail(2, "'%s' has no component '%s' (it has %s)", name, component,
           paste(names, collapse = ", "))
    }
    data <- data[row, ]
  } else if (component != "") {
    fail(2, "'%s' is not a vector: drop [%s]", name, component)
  }
  list(time = group[["time"]]$read(), value = data, unit = unit,
       description = description)
}

rows <- list()
for (spec in wanted) {
  s <- series(spec)
  # A month's time is year + (month - 1) / 12; the rounding guards against the binary
  # fraction of 11/12 landing just below the next integer.
  year <- floor(s$time + 1e-9)
  means <- tapply(s$value, year, mean, na.rm = TRUE)
  cat(sprintf("%s (%s): %s\n", spec, s$unit, s$description))
  for (y in names(means)) {
    cat(sprintf("  %s  %.6g\n", y, means[[y]]))
  }
  rows[[spec]] <- data.frame(observable = spec, year = as.integer(names(means)),
                             mean = as.numeric(means))
}
file$close_all()

if (!is.null(csv_out)) {
  write.csv(do.call(rbind, rows), csv_out, row.names = FALSE)
}
