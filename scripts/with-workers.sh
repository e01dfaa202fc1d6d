#!/bin/sh
# Usage: scripts/with-workers.sh COUNT COMMAND...
# Runs COUNT background workers of the task framework (reminders, notices) beside COMMAND (the
# development server under `make run`, gunicorn under `make serve`). Ctrl+C, or the end of
# COMMAND, stops them all. In production, systemd runs the workers instead (docs/deployment.md).
set -u
python=${PYTHON_BIN:-.venv/bin/python}
count=$1
shift

# What a stopped worker left claimed or queued goes to the new ones.
"$python" manage.py requeue_messages --verbosity 0 || exit 1
workers=""
i=0
while [ "$i" -lt "$count" ]; do
    "$python" manage.py db_worker --no-reload --interval 1 &
    workers="$workers $!"
    i=$((i + 1))
done
stop() {
    trap - INT TERM EXIT
    # shellcheck disable=SC2086 # the list of process ids is meant to be split
    kill -TERM $workers 2>/dev/null
    wait
    echo "Stopped the server and $count worker(s)."
}
trap stop INT TERM EXIT
"$@"
