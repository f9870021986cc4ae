#!/usr/bin/env bash
# `--year Y` wherever `--step S` is taken (`export`, `network`, the Python reader): the
# last snapshot of calendar year Y (December with the default snapshot interval, the
# initial state for the year before run.start_year), the same result as the step it
# stands for, and a clear refusal naming the years available when Y has no snapshot.
# Usage: test_year.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive

# 30 months from January 2003, a snapshot every 6: steps -1, 5, 11, 17, 23, 29, i.e.
# December 2002, June and December 2003 and 2004, June 2005.
short_run 30 --set run.snapshot_interval=6

for pair in "2002 -1" "2003 11" "2004 23" "2005 29"; do
    set -- $pair
    expect 0 "export --year $1" "$bin" export "$traj" --layer collaboration --year "$1" --format csv
    by_year="$out"
    expect 0 "export --step $2" "$bin" export "$traj" --layer collaboration --step "$2" --format csv
    if [ "$by_year" = "$out" ]; then ok "--year $1 exports the snapshot of step $2"
    else bad "--year $1 and --step $2 differ"; fi
    expect 0 "network --year $1" "$bin" network "$traj" --year "$1" --layer supply
    contains "network --year $1 measures step $2" "network supply at step $2 "
done
expect 0 "export --year -o names the step" "$bin" export "$traj" --layer supply --year 2004 \
    -o "$work/s.graphml"
contains "the step of December 2004" "supply network at step 23 (time 2004.9167)"

# Refusals: a year without a snapshot names the years there are; bad values; conflicts.
expect 2 "export --year 2010 (no snapshot)" "$bin" export "$traj" --layer supply --year 2010
contains "the year is named" "no snapshot in year 2010"
contains "the years available are listed" "years with a snapshot (the last one of each is used): 2002-2005"
expect 2 "network --year 2001 (no snapshot)" "$bin" network "$traj" --year 2001
contains "network names the years too" "2002-2005"
expect 2 "--year abc" "$bin" network "$traj" --year abc
contains "a calendar year is expected" "--year expects a calendar year (1900-2200), got 'abc'"
expect 2 "--year without a value" "$bin" export "$traj" --layer supply --year
expect 2 "--step with --year" "$bin" export "$traj" --layer supply --step 11 --year 2003
contains "they exclude each other" "--step and --year exclude each other"
expect 2 "--year with --over-time" "$bin" network "$traj" --year 2003 --over-time
contains "--year and --over-time exclude each other" "--year and --over-time exclude each other"
expect 2 "export without --step or --year" "$bin" export "$traj" --layer supply
contains "either is asked for" "missing --step or --year"
expect 0 "export --help" "$bin" export --help
contains "export documents --year" "--year Y"
expect 0 "network --help" "$bin" network --help
contains "network documents --year" "--year Y"

# The Python reader agrees.
if python_has h5py numpy pandas; then
    expect 0 "read_trajectory.step_of_year" "$py" -c "
import sys; sys.path.insert(0, '$src/analysis/python'); import read_trajectory as rt
print([rt.step_of_year('$traj', y) for y in (2002, 2003, 2004, 2005)])
try:
    rt.step_of_year('$traj', 2010)
except ValueError as e:
    print(e)"
    contains "the reader's steps of the years" "[-1, 11, 23, 29]"
    contains "the reader refuses a year without a snapshot" "no snapshot in year 2010"
    expect 0 "read_trajectory.py --year" "$py" "$src/analysis/python/read_trajectory.py" "$traj" --year 2004
    contains "the reader's main takes --year" "firms at step 23"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
