"""`pnpm bench`'s Python peer: Picterra's Python client's HTTP calls (see picterra_like.py), measured.

    python3 peer.py serve '<json>'     API cases; {url, apiKey, ids}. Reads one JSON command a line on stdin
                                       ({"case": "get", "concurrency": 16, "poolMaxsize": null} or
                                       {"case": "list"}) and answers each with one result line.
    python3 peer.py transfer '<json>'  one 1 GiB transfer in this fresh process; {mode, url, apiKey, ...}.

Every answer is one stdout line `BENCH_RESULT <json>`, as the Node children of the bench answer.
"""

import gc
import json
import os
import sys
import time

import requests
from picterra_like import Client, stream_to

RESULT_PREFIX = "BENCH_RESULT "


def reply(value):
    sys.stdout.write(RESULT_PREFIX + json.dumps(value) + "\n")
    sys.stdout.flush()


def serve(init):
    from concurrent.futures import ThreadPoolExecutor

    ids = init["ids"]
    clients = {}

    def client(pool_maxsize):
        if pool_maxsize not in clients:
            clients[pool_maxsize] = Client(init["url"], init["apiKey"], pool_maxsize)
        return clients[pool_maxsize]

    def run_get(c, concurrency):
        if concurrency == 1:
            return sum(1 for i in ids if c.get_raster(i)["id"])
        # As a user parallelises the client: one session shared by a thread pool.
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return sum(1 for r in pool.map(c.get_raster, ids) if r["id"])

    def run_list(c):
        n = 0
        for results in c.list_pages():
            for raster in results:
                if raster["id"]:
                    n += 1
        return n

    reply({"ready": True})
    for line in sys.stdin:
        command = json.loads(line)
        if command["case"] == "quit":
            break
        c = client(command.get("poolMaxsize"))
        gc.collect()
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        if command["case"] == "get":
            count = run_get(c, command["concurrency"])
        elif command["case"] == "list":
            count = run_list(c)
        else:
            raise ValueError("unknown case %r" % command["case"])
        ms = (time.perf_counter() - t0) * 1000
        reply({"ms": ms, "count": count, "cpuSeconds": time.process_time() - cpu0})


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def vm_hwm():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return None


def proc_cpu(pid):
    """CPU seconds (user + system) process `pid` has used so far, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, TypeError):
        return None


def measure(fn, server_pid=None):
    """Time, CPU and peak RSS growth of fn(), measured as the Node side does (VmHWM reset just before)."""
    gc.collect()
    before = rss()
    kernel_peak = True
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        kernel_peak = False
    server0 = proc_cpu(server_pid)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    value = fn()
    ms = (time.perf_counter() - t0) * 1000
    cpu = time.process_time() - cpu0
    server1 = proc_cpu(server_pid)
    peak = vm_hwm() if kernel_peak else rss()
    return {
        "value": value,
        "ms": ms,
        "cpuSeconds": cpu,
        "serverCpuSeconds": None if server0 is None or server1 is None else server1 - server0,
        "peakGrowth": max(0, peak - before),
        "kernelPeak": kernel_peak,
    }


def download_atomically(c, raster_id, target):
    """The client's download, written as our node-fs writes: a temp file beside the target, fsync, rename."""
    url = c.download_url(raster_id)
    temp = os.path.join(os.path.dirname(target), ".%s.%d.part" % (os.path.basename(target), os.getpid()))
    try:
        with open(temp, "wb") as f:
            stream_to(url, f)
            f.flush()
            os.fsync(f.fileno())
        os.rename(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.remove(temp)
        raise
    fd = os.open(os.path.dirname(target), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def download_as_the_client_does(c, raster_id, target):
    """Exactly the client's download_raster_to_file: straight into the target ("wb+"), no fsync."""
    url = c.download_url(raster_id)
    with open(target, "wb+") as f:
        stream_to(url, f)


def check_downloaded(path, size):
    """Deletes a downloaded file, and fails when it did not have `size` bytes."""
    got = os.path.getsize(path)
    os.remove(path)
    if got != size:
        raise RuntimeError("downloaded %d bytes, expected %d" % (got, size))


def transfer(input):
    c = Client(input["url"], input["apiKey"])
    # One API call first, as the Node side warms up: the session's connection is open before the timing.
    c.get_raster(input["warmUpId"])
    mode = input["mode"]
    if mode == "upload":
        m = measure(lambda: c.upload_raster(input["file"], "bench-upload-python"), input.get("emulatorPid"))
        c.delete_raster(m["value"])
    elif mode in ("download", "download-plain"):
        target = input["target"]
        fn = download_atomically if mode == "download" else download_as_the_client_does
        m = measure(lambda: fn(c, input["rasterId"], target), input.get("emulatorPid"))
        check_downloaded(target, input["size"])
    elif mode == "sink-put":
        # The client's PUT alone, to the trivial sink: requests' transport without the emulator.
        def put():
            with open(input["file"], "rb") as f:
                requests.put(input["sinkUrl"] + "/upload", data=f).raise_for_status()

        m = measure(put, input.get("sinkPid"))
    elif mode == "sink-get":
        # The client's download loop alone, from the trivial in-memory source, into a file (no fsync).
        target = input["target"]

        def get():
            with open(target, "wb+") as f:
                stream_to("%s/bytes/%d" % (input["sinkUrl"], input["size"]), f)

        m = measure(get, input.get("sinkPid"))
        check_downloaded(target, input["size"])
    else:
        raise ValueError("unknown mode %r" % mode)
    m["value"] = None
    reply(m)


if __name__ == "__main__":
    what, arg = sys.argv[1], json.loads(sys.argv[2])
    if what == "serve":
        serve(arg)
    elif what == "transfer":
        transfer(arg)
    else:
        raise SystemExit("usage: peer.py serve|transfer '<json>'")
