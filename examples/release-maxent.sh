# Sourced by the example scripts (from the repository root): sets maxent to $MAXENT when given,
# otherwise to the release binary, built first.
if [[ -n ${MAXENT:-} ]]; then
    maxent=$MAXENT
else
    swift build -c release --product maxent
    maxent="$(swift build -c release --show-bin-path)/maxent"
fi
