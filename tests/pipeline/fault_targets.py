"""Worker targets for the fault-injection tests (imported by the worker processes)."""

import os
import signal


def killed(batch, **options):
    """A batch worker killed while it works, as the kernel's out-of-memory killer does."""
    os.kill(os.getpid(), signal.SIGKILL)
