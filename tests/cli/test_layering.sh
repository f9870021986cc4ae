#!/usr/bin/env bash
# Architecture checks (docs/CONVENTIONS.md rules 2, 4 and 23): a folder's *_internal.h is included
# only by that folder's sources and by tests; <hdf5.h> only by the HDF5 writer module
# (sim/h5_*.c); library code never calls exit() or abort(); no module includes a header
# of a module above it (sim <- model <- scenarios <- cli; analysis on top of model, and
# inside it readers and statistics below reports, networks and calibration); the
# repository stands alone: no file cites the design brief's files (a clone has none of them);
# the file formats are read and written through sim/format/ (issue 24): cli/ and scenarios/
# include no HDF5-layer header (sim/h5_*.h), and in analysis/ only the readers may.
set -u
src="$2"
cd "$src" || exit 1
fail=0
check() {  # check "description" output-that-must-be-empty
    if [ -z "$2" ]; then echo "ok - $1"; else echo "not ok - $1"; echo "$2" | sed 's/^/    /'; fail=$((fail + 1)); fi
}
internal=$(grep -rn --include='*.c' --include='*.h' '_internal\.h"' sim model scenarios analysis cli bench 2>/dev/null |
    awk -F: '{ split($1, p, "/"); folder = p[1]; if (index($3, "\"" folder "/") == 0) print }')
check "_internal.h headers stay inside their folder (or tests)" "$internal"
hdf5=$(grep -rln --include='*.c' --include='*.h' '#include <hdf5.h>' sim model scenarios analysis bench cli tests | grep -v '^sim/h5_')
check "<hdf5.h> only in sim/h5_*" "$hdf5"
exits=$(grep -rn --include='*.c' -E '(^|[^_a-zA-Z.>])(exit|abort)\(' sim model scenarios analysis)
check "no exit()/abort() in library code" "$exits"
up_sim=$(grep -rn --include='*.c' --include='*.h' -E '#include "(model|scenarios|analysis|cli)/' sim)
check "sim/ includes no higher module" "$up_sim"
up_model=$(grep -rn --include='*.c' --include='*.h' -E '#include "(scenarios|analysis|cli)/' model)
check "model/ includes no higher module" "$up_model"
up_scen=$(grep -rn --include='*.c' --include='*.h' -E '#include "(analysis|cli)/' scenarios)
check "scenarios/ includes no higher module" "$up_scen"
up_analysis=$(grep -rn --include='*.c' --include='*.h' -E '#include "(scenarios|cli)/' analysis)
check "analysis/ includes only sim/, model/ and itself" "$up_analysis"
# Inside analysis/: readers and statistics are the base of the reports, networks and
# calibration; they never include a presentation (reports/) or calibration header.
analysis_base=$(grep -rn --include='*.c' --include='*.h' -E '#include "analysis/(reports|calibration|networks)/' analysis/readers analysis/statistics)
check "analysis/readers and analysis/statistics include no reports, networks or calibration" "$analysis_base"
# The trajectory and index formats have one owner, sim/format/ (its names, writer and
# reader API); the commands and the scenarios layer go through it, never around it.
h5_above=$(grep -rn --include='*.c' --include='*.h' -E '#include "sim/h5_' cli scenarios)
check "cli/ and scenarios/ include no sim/h5_* header (they use sim/format/)" "$h5_above"
h5_analysis=$(grep -rn --include='*.c' --include='*.h' -E '#include "sim/h5_' analysis | grep -v '^analysis/readers/')
check "analysis/ outside analysis/readers includes no sim/h5_* header" "$h5_analysis"
# The ensemble library (scenarios/ensemble/) builds on the scenario files, never the
# other way, so that a scenario, sweep or recorded run can be used without it.
ens_up=$(grep -n -E '#include "scenarios/ensemble/' scenarios/*.c scenarios/*.h 2>/dev/null)
check "scenarios/ outside scenarios/ensemble/ includes no ensemble header" "$ens_up"
# The brief's file names, spelled so that this line does not match itself.
brief=$(git -C "$src" ls-files 2>/dev/null | grep -v '^tests/cli/test_layering.sh$' |
    (cd "$src" && xargs grep -nIE '(GUMI|MODEL|STYLE|BENCH|EVIDENCE)[.]md|[.][.]/shared/|shared/(design|domain)/' 2>/dev/null))
check "no citation of files outside the repository" "$brief"
echo "$((12 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
