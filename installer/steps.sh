# Shared by build_linux.sh and test_installer_wine.sh (source it): run named steps, print
# PASS/FAIL with the time and the end of each step's output, then a summary.
#
#   STEP_LOG=/tmp/x/step.log   where a step's output goes (required)
#   STEP_TAIL_OK=4             lines of output shown after a passing step
#   step "name" command args…  runs, times and records one step (never exits)
#   print_summary              the table of steps; returns 1 when one failed

declare -a NAMES RESULTS TIMES
FAILED=0
STEP_TAIL_OK=${STEP_TAIL_OK:-4}

pad() {    # pad TEXT WIDTH — printf pads bytes, Vietnamese needs characters
    local text=$1 width=$2
    local n=$(( width - ${#text} ))
    (( n < 1 )) && n=1
    printf '%s%*s' "$text" "$n" ''
}

step() {
    local name=$1; shift
    local t0 t1 rc secs
    t0=$(date +%s.%N)
    "$@" >"$STEP_LOG" 2>&1
    rc=$?
    t1=$(date +%s.%N)
    secs=$(python3 -c "print(f'{$t1-$t0:.1f}')")
    NAMES+=("$name"); TIMES+=("$secs")
    if [ $rc -eq 0 ]; then
        RESULTS+=("PASS")
        printf '[PASS] %s %6ss\n' "$(pad "$name" 58)" "$secs"
        sed 's/^/       /' "$STEP_LOG" | tail -n "$STEP_TAIL_OK"
    else
        RESULTS+=("FAIL")
        FAILED=$((FAILED + 1))
        printf '[FAIL] %s %6ss (mã thoát %s)\n' "$(pad "$name" 58)" "$secs" "$rc"
        sed 's/^/       /' "$STEP_LOG" | tail -n 25
    fi
    return 0
}

print_summary() {
    echo
    echo "=== Tóm tắt ==="
    local i
    for i in "${!NAMES[@]}"; do
        printf '%-4s %s %6ss\n' "${RESULTS[$i]}" "$(pad "${NAMES[$i]}" 58)" "${TIMES[$i]}"
    done
    [ "$FAILED" -eq 0 ]
}
