"""A run of ``analyze_path`` for the fault-injection tests, in a process of its own.

``python fault_runner.py '{"path": …, "out": …, "kill_at": "table figures"}'`` runs the
analysis and kills itself with SIGKILL (as ``kill -9`` does) when the run reaches that
checkpoint (:func:`toolkit.outputs.add_checkpoint`); with ``"pause_at"``, it touches the file
``ready`` there and waits until the file ``go`` exists. Every other key is an option of
``analyze_path``. Prints the report's article count at the end.
"""

import json
import os
import signal
import sys
import time
from pathlib import Path

from toolkit.outputs import add_checkpoint
from toolkit.pipeline import analyze_path


def main() -> None:
    options = json.loads(sys.argv[1])
    kill_at = options.pop("kill_at", None)
    pause_at = options.pop("pause_at", None)
    ready, go = Path(options.pop("ready", "ready")), Path(options.pop("go", "go"))

    def hook(step: str) -> None:
        if step == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if step == pause_at:
            ready.touch()
            deadline = time.monotonic() + 300
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    add_checkpoint(hook)
    report = analyze_path(**options)
    print(json.dumps({"articles": report["articles"]}))


if __name__ == "__main__":
    main()
