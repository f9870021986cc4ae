#!/usr/bin/env bash
# Every example of README.md runs as written: sh and python blocks in order in one scratch
# folder laid out like a checkout, yaml excerpts checked against the files they quote (see
# readme_examples.py for the rules and the few blocks excused, with why).
# Usage: test_readme.sh CLUSTERSIM SOURCE_DIR
set -u
exec /usr/bin/python3 "$(dirname "$0")/readme_examples.py" "$@"
