#!/usr/bin/env bash
# `clustersim draw`: PNG and SVG pictures of a snapshot's networks, small multiples with
# --years (one panel per year), a legend naming hubs and tiers, the same file drawn twice
# giving the same SVG, and clear refusals (a year without a snapshot names the years there
# are; bad options; an existing output).
# Usage: test_draw.sh CLUSTERSIM SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_setup "$@"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive
need_gnuplot

# 30 months from January 2003, yearly snapshots: December 2002 (the initial state), 2003, 2004.
short_run 30

expect 0 "draw --year -o PNG" "$bin" draw "$traj" --year 2004 -o "$work/one.png"
contains "the panel is reported" "2004 (step 23):"
if [ "$(head -c 8 "$work/one.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then
    ok "a PNG is written (magic bytes)"
else bad "one.png is not a PNG"; fi

expect 0 "draw --years -o SVG" "$bin" draw "$traj" --years 2002,2003,2004 -o "$work/three.svg"
contains "three panels" "three.svg: 3 panels and a legend (svg)"
if grep -q '<svg' "$work/three.svg" && tail -c 200 "$work/three.svg" | grep -q '</svg>'; then
    ok "an SVG is written (an svg root, closed)"
else bad "three.svg is not a complete SVG"; fi
n=$(grep -o 'Cluster in [0-9]*' "$work/three.svg" | sort -u | wc -l)
if [ "$n" -eq 3 ]; then ok "--years 2002,2003,2004 gives 3 panel titles"
else bad "--years gives $n panel titles, wanted 3"; fi
for name in "hub (large LG/Samsung affiliate)" "tier 1 supplier" "tier 2 supplier" \
    "tier 3 supplier" "institution" "in a mini-cluster (MC)" "supply link" "collaboration tie"; do
    if grep -qF "$name" "$work/three.svg"; then ok "the legend names '$name'"
    else bad "the legend lacks '$name'"; fi
done

# --data keeps the script and data files: an actor stands at the same place in every panel.
expect 0 "--data keeps the data files" "$bin" draw "$traj" --years 2002,2004 -o "$work/k.svg" \
    --data "$work/kept"
if [ -f "$work/kept/draw.gp" ] && [ -f "$work/kept/draw_nodes_1.dat" ]; then ok "script and data kept"
else bad "--data: $(ls "$work/kept" 2>&1)"; fi
same=$(awk '!/^#/ { k = $6; p = $1 " " $2; if (k in pos) { n++; if (pos[k] != p) d++ } else pos[k] = p }
            END { print n + 0, d + 0 }' "$work/kept/draw_nodes_0.dat" "$work/kept/draw_nodes_1.dat")
set -- $same
if [ "$1" -gt 100 ] && [ "$2" -eq 0 ]; then ok "$1 actors of both panels at one position each"
else bad "positions across panels: $1 shared actors, $2 moved"; fi

expect 0 "the same drawing again" "$bin" draw "$traj" --years 2002,2003,2004 -o "$work/again.svg"
if cmp -s "$work/three.svg" "$work/again.svg"; then ok "the same file gives the same SVG"
else bad "two drawings of the same file differ"; fi

expect 0 "--layer supply --connected" "$bin" draw "$traj" --year 2003 --layer supply \
    --connected -o "$work/supply.svg"
lacks "no collaboration count with --layer supply" "collaboration ties"
if grep -qF "collaboration tie" "$work/supply.svg"; then bad "--layer supply draws collaboration"
else ok "--layer supply leaves collaboration out of the legend"; fi
expect 0 "--members" "$bin" draw "$traj" --year 2004 --members -o "$work/members.png"

# Refusals.
expect 2 "a year without a snapshot" "$bin" draw "$traj" --year 2010 -o "$work/x.svg"
contains "the year is named" "no snapshot in year 2010"
contains "the years available are listed" "2002-2004"
[ ! -e "$work/x.svg" ] && ok "no image for a refused year" || bad "x.svg was written"
expect 2 "--years with one missing year" "$bin" draw "$traj" --years 2003,2009 -o "$work/x.svg"
contains "the missing year is named" "no snapshot in year 2009"
expect 2 "an existing output" "$bin" draw "$traj" --year 2004 -o "$work/one.png"
contains "--force is suggested" "--force"
expect 0 "--force replaces it" "$bin" draw "$traj" --year 2004 -o "$work/one.png" --force
expect 2 "an output that is neither PNG nor SVG" "$bin" draw "$traj" --year 2004 -o "$work/x.pdf"
contains "the extensions are named" "must end in .png or .svg"
expect 2 "no year" "$bin" draw "$traj" -o "$work/x.svg"
contains "--year is asked for" "missing --year Y or --years"
expect 2 "no output" "$bin" draw "$traj" --year 2004
expect 2 "bad --years" "$bin" draw "$traj" --years 2003,,2004 -o "$work/x.svg"
contains "years are expected" "--years expects calendar years"
expect 2 "bad --layer" "$bin" draw "$traj" --year 2004 --layer roads -o "$work/x.svg"
expect 2 "a missing file" "$bin" draw "$work/none.h5" --year 2004 -o "$work/x.svg"
contains "the file is named" "none.h5"
printf 'not hdf5' > "$work/bad.h5"
expect 2 "a file that is not a trajectory" "$bin" draw "$work/bad.h5" --year 2004 -o "$work/x.svg"
expect 1 "without gnuplot on PATH" env PATH="$work/empty" "$bin" draw "$traj" --year 2004 \
    -o "$work/x.svg"
contains "gnuplot missing is explained" "gnuplot not found"
[ -z "$(ls -A "$work" | grep -E '^\.(x|one)\.')" ] && ok "no temporary left" || bad "temporaries left"
expect 0 "--help" "$bin" draw --help
contains "help documents --years" "--years A,B"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
