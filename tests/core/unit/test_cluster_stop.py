"""``make cluster`` stops everything it started (deploy/cluster.py), even when Ctrl-C is pressed
again while it is stopping: the second signal hurries the shutdown instead of cutting it short
(it used to raise out of the shutdown and leave PostgreSQL, Redis and the nodes running)."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.support.browser import PROJECT_ROOT

# A stand-in for a process that is slow to stop: it ignores Ctrl-C and SIGTERM (as a node busy
# with its workers may, for up to the 30 s it is given), and says when it is ready.
STUBBORN = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(120)\n"
)
OBLIGING = "import time\nprint('ready', flush=True)\ntime.sleep(120)\n"


def _cluster_module():
    spec = importlib.util.spec_from_file_location("deploy_cluster_stop", PROJECT_ROOT / "deploy" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def _spawn(code: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_second_ctrl_c_while_stopping_ends_the_rest_at_once_and_leaves_nothing_running(tmp_path):
    deploy = _cluster_module()
    cluster = deploy.Cluster(data=tmp_path, port=deploy.free_port(), nodes=2)
    cluster.procs = {
        "nginx": _spawn(OBLIGING),
        "node-1": _spawn(STUBBORN),
        "node-2": _spawn(STUBBORN),
        "redis": _spawn(STUBBORN),
        "postgres": _spawn(STUBBORN),
    }
    procs = dict(cluster.procs)

    def second_signal():
        # Once the shutdown is under way (nginx, the first, has gone), the person presses Ctrl-C
        # again; main() has the same handler as below until stop() takes it over.
        while procs["nginx"].poll() is None:
            time.sleep(0.05)
        time.sleep(0.3)
        signal.raise_signal(signal.SIGTERM)

    def like_main(signum, _frame):
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, like_main)
    presser = threading.Thread(target=second_signal)
    try:
        presser.start()
        try:
            cluster.stop()
        except KeyboardInterrupt:
            pytest.fail("the second signal cut the shutdown short")
        presser.join(timeout=30)
        # stop() gave the handlers back.
        assert signal.getsignal(signal.SIGTERM) is like_main
    finally:
        signal.signal(signal.SIGTERM, before)
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    assert all(proc.poll() is not None for proc in procs.values())  # nothing left running
    assert procs["nginx"].returncode == -signal.SIGTERM  # before the second signal: the clean way
    # After it, at once rather than after each one's 30 s: the nodes and Redis killed, PostgreSQL
    # told to shut down immediately.
    assert procs["node-1"].returncode == procs["node-2"].returncode == procs["redis"].returncode == -signal.SIGKILL
    assert procs["postgres"].returncode == -signal.SIGQUIT
