#!/usr/bin/env python3
"""Writes docs/performance.md from the work directory of one bench/compare run.

    report.py WORK_DIR OUT_FILE

WORK_DIR holds env.tsv (key, value), commands.tsv (label, command line) and results.tsv with two
kinds of rows: "run" rows point at one benchmark tool's output (etcd's tool: its text summary;
cairn-bench: its --json file), "value" rows carry one figure measured by the script itself.
Figures are averaged over the rounds; every round's figure is listed too. Standard library only.
"""
import json
import re
import sys
from collections import OrderedDict

TARGETS = ("etcd", "cairn")
NAMES = {"etcd": "etcd", "cairn": "Cairn"}
NUM = r"([0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)"


def parse_text(path):
    """etcd's benchmark summary (report.go format, --precise): seconds, so converted to ms."""
    with open(path, errors="replace") as f:
        txt = f.read()
    rps = re.search(r"Requests/sec:\s*" + NUM, txt)
    if not rps:
        return None
    m = {"rps": float(rps.group(1))}
    for name, key in (("Total", "seconds"), ("Average", "mean"), ("Slowest", "max")):
        g = re.search(r"^\s*" + name + r":\s*" + NUM + " secs", txt, re.M)
        if g:
            m[key] = float(g.group(1)) * (1 if key == "seconds" else 1000)
    for pct, secs in re.findall(r"^\s*([0-9.]+)% in " + NUM + " secs", txt, re.M):
        m["p" + pct.replace(".", "")] = float(secs) * 1000
    hist = txt.split("Response time histogram:")[-1].split("Latency distribution:")[0]
    m["ok"] = sum(int(count) for _, count in re.findall(r"^\s*" + NUM + r" \[(\d+)\]", hist, re.M))
    errs = txt.split("Error distribution:")
    m["errors"] = sum(int(n) for n in re.findall(r"^\s*\[(\d+)\]", errs[1], re.M)) if len(errs) > 1 else 0
    return m


def parse_json(path, watch):
    """cairn-bench --json: latencies already in ms; watch commands report the event latency."""
    try:
        with open(path) as f:
            j = json.load(f)
    except (OSError, ValueError):
        return None
    lat = j.get("eventLatencyMs") if watch and j.get("eventLatencyMs") else j.get("latencyMs", {})
    m = {"rps": j.get("requestsPerSec"), "seconds": j.get("seconds"), "errors": j.get("errors", 0)}
    m["ok"] = j.get("events") if watch and j.get("events") is not None else (j.get("total", 0) - m["errors"])
    for k in ("p50", "p90", "p99", "p999", "mean", "max"):
        if k in lat:
            m[k] = lat[k]
    return m


def load(work):
    env = OrderedDict()
    with open(work + "/env.tsv") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            env[k] = v
    commands = OrderedDict()
    with open(work + "/commands.tsv") as f:
        for line in f:
            label, _, cmd = line.rstrip("\n").partition("\t")
            commands.setdefault(label, OrderedDict())[cmd] = True
    runs, values = OrderedDict(), OrderedDict()
    with open(work + "/results.tsv") as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            if row[0] == "run":
                _, workload, tool, target, rnd, fmt, path = row
                watch = workload.startswith("watch")
                m = None
                if fmt == "text":
                    m = parse_text(path)
                elif fmt == "json":
                    m = parse_json(path, watch)
                runs.setdefault((workload, tool), {t: [] for t in TARGETS})[target].append((int(rnd), m))
            elif row[0] == "value":
                _, workload, metric, target, rnd, value, unit, better = row
                entry = values.setdefault((workload, metric), {"unit": unit, "better": better, **{t: [] for t in TARGETS}})
                entry[target].append((int(rnd), float(value)))
    # rows: workloads in the order they ran, and for each workload the tools side by side
    workload_order = list(OrderedDict.fromkeys(w for w, _ in runs))
    tool_order = list(OrderedDict.fromkeys(t for _, t in runs))
    runs = OrderedDict(sorted(runs.items(), key=lambda kv: (workload_order.index(kv[0][0]), tool_order.index(kv[0][1]))))
    return env, commands, runs, values


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def run_mean(rounds, key):
    return mean([m.get(key) for _, m in rounds if m])


def ratio(cairn, etcd):
    return cairn / etcd if cairn is not None and etcd else None


def fmt(x, kind="num"):
    if x is None:
        return "n/a"
    if kind == "ratio":
        return f"{x:.2f}"
    if kind == "int" or abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}" if x else "0"


def failed_note(rounds):
    bad = sum(1 for _, m in rounds if not m)
    return f" ({bad}/{len(rounds)} failed)" if bad else ""


def throughput_table(runs):
    out = [
        "| workload | tool | etcd req/s | Cairn req/s | Cairn/etcd (higher is better) | etcd p50 ms | Cairn p50 ms"
        " | Cairn/etcd (lower is better) | etcd p99 ms | Cairn p99 ms | Cairn/etcd (lower is better) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (workload, tool), by in runs.items():
        cells = [workload, tool]
        for key in ("rps", "p50", "p99"):
            e, c = run_mean(by["etcd"], key), run_mean(by["cairn"], key)
            cells += [fmt(e) + failed_note(by["etcd"]), fmt(c) + failed_note(by["cairn"]), fmt(ratio(c, e), "ratio")]
        out.append("| " + " | ".join(cells) + " |")
    return out


def values_table(values):
    out = ["| measurement | figure | better | etcd | Cairn | Cairn/etcd |", "|---|---|---|---|---|---|"]
    for (workload, metric), v in values.items():
        e, c = mean([x for _, x in v["etcd"]]), mean([x for _, x in v["cairn"]])
        out.append(f"| {workload} | {metric} | {v['better']} | {fmt(e)} | {fmt(c)} | {fmt(ratio(c, e), 'ratio')} |")
    return out


def rounds_tables(runs, values):
    out = [
        "| workload | tool | round | server | requests ok | errors | req/s | mean ms | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (workload, tool), by in runs.items():
        rows = sorted((rnd, TARGETS.index(t), t, m) for t in TARGETS for rnd, m in by[t])
        for rnd, _, t, m in rows:
            if not m:
                out.append(f"| {workload} | {tool} | {rnd} | {NAMES[t]} | failed | | | | | | | | |")
                continue
            cells = [fmt(m.get("ok"), "int"), fmt(m.get("errors"), "int")]
            cells += [fmt(m.get(k)) for k in ("rps", "mean", "p50", "p90", "p99", "p999", "max")]
            out.append(f"| {workload} | {tool} | {rnd} | {NAMES[t]} | " + " | ".join(cells) + " |")
    if values:
        out += ["", "| measurement | figure | round | etcd | Cairn |", "|---|---|---|---|---|"]
        for (workload, metric), v in values.items():
            e, c = dict(v["etcd"]), dict(v["cairn"])
            for rnd in sorted(set(e) | set(c)):
                out.append(f"| {workload} | {metric} | {rnd} | {fmt(e.get(rnd))} | {fmt(c.get(rnd))} |")
    return out


def targets(runs, values):
    """The single-member targets of issue 5, each checked against every tool that measured it."""

    def run_ratios(prefix, key):
        found = []
        for (workload, tool), by in runs.items():
            if workload.startswith(prefix):
                r = ratio(run_mean(by["cairn"], key), run_mean(by["etcd"], key))
                found.append((f"{workload}, {tool}", r))
        return found

    def value_ratios(metric_prefix):
        found = []
        for (workload, metric), v in values.items():
            if metric.startswith(metric_prefix):
                r = ratio(mean([x for _, x in v["cairn"]]), mean([x for _, x in v["etcd"]]))
                found.append((metric, r))
        return found

    checks = [
        ("put throughput at 1 client >= 1.0 (aim 1.5)", run_ratios("put, 1 client", "rps"), lambda r: r >= 1.0),
        ("put throughput at 100 clients >= 1.0 (aim 1.5)", run_ratios("put, 100 clients", "rps"), lambda r: r >= 1.0),
        ("put p99 latency no worse than etcd's (<= 1.0)", run_ratios("put, ", "p99"), lambda r: r <= 1.0),
        ("range throughput >= 1.0 (every range workload)", run_ratios("range", "rps"), lambda r: r >= 1.0),
        ("watch event latency p99 no worse (<= 1.0)", run_ratios("watch-latency", "p99"), lambda r: r <= 1.0),
        ("restart with the loaded keys faster (< 1.0)", value_ratios("restart:"), lambda r: r < 1.0),
        ("RSS with the loaded keys no larger (<= 1.0)", value_ratios("VmRSS after"), lambda r: r <= 1.0),
    ]
    out = ["| target (ratio Cairn/etcd) | verdict | ratios |", "|---|---|---|"]
    for name, found, ok in checks:
        measured = [(what, r) for what, r in found if r is not None]
        if not measured:
            verdict = "not measured"
        elif not all(ok(r) for _, r in measured):
            verdict = "**not met**"
        elif len(measured) < len(found):
            verdict = "met where measured (some runs failed)"
        else:
            verdict = "**met**"
        detail = "; ".join(f"{what}: {fmt(r, 'ratio')}" for what, r in found) or "-"
        out.append(f"| {name} | {verdict} | {detail} |")
    return out


def main(work, out_file):
    env, commands, runs, values = load(work)
    quick = env.get("quick") == "true"
    doc = [
        "# Performance: Cairn and etcd 3.4, one member each",
        "",
        f"Generated by `bench/compare` on {env.get('started')}; do not edit by hand, run the command again."
        " Hand-written measurements (watch fan-out, three-member put) are in"
        " [performance-notes.md](performance-notes.md). The figures are measurements, not promises:"
        " no test asserts on them.",
        "",
    ]
    if quick:
        doc += ["**This is a quick run (`quick=true`): small totals, one round. Its figures only show that"
                " the comparison runs; do not quote them.**", ""]
    doc += [
        "## How to reproduce",
        "",
        "```",
        env.get("command", "bench/compare"),
        "```",
        "",
        "From the repository root, with etcd-server, etcd-client (etcdctl), golang-go and golang-etcd-server-dev"
        " installed and Cairn built (`./mvnw -o -q -DskipTests package`). `bench/build-etcd-benchmark` builds"
        " etcd's benchmark tool from Debian's source package on first use and caches it."
        f" Totals: {env.get('totals')}.",
        "",
        "Method: each workload runs on a freshly started server with a fresh data directory, etcd first and"
        " then Cairn, once per tool, and the whole sequence repeats for every round"
        f" ({env.get('rounds')} rounds), so a drift in machine load hits both servers."
        + (" Every measured run is preceded by a warm-up run of the same command (discarded), so both servers"
           " are measured warm." if env.get("warmup") != "0" else " No warm-up runs.")
        + " Tables show the mean over the rounds; every round's figure is listed further down. The benchmark"
        " client runs on the same two cores as the server: etcd's tool is a Go program, cairn-bench a JVM, so"
        " each tool's figures compare the two servers, and the two tools' figures do not compare with each other.",
        "",
        "## Targets (issue 5)",
        "",
    ]
    doc += targets(runs, values)
    doc += ["", "## Throughput and latency", "",
            "Latency is per request, from send to response; for watch-latency it is from the put's"
            " response to each watcher's event (etcd's tool), or the tool's event latency (cairn-bench).", ""]
    doc += throughput_table(runs)
    if values:
        doc += ["", "## Memory and restart", "",
                "VmRSS from `/proc/PID/status` of the server process (for Cairn, the JVM started by bin/cairn)."
                " Restart: from exec of the server on the loaded data directory until its first successful"
                " linearizable get (a fresh connection every 5 ms); then one count-only range over every key"
                " (it checks the count), then VmRSS. Idle watchers: VmRSS of a fresh server before and after"
                " 1,000 watchers on distinct keys over 10 streams of one connection, every `created` received.", ""]
        doc += values_table(values)
    doc += ["", "## Every round", ""]
    doc += rounds_tables(runs, values)
    doc += [
        "",
        "## Machine and versions",
        "",
        f"- CPU: {env.get('nproc')} x {env.get('cpu')} (`nproc` = {env.get('nproc')}); memory {env.get('memory')}",
        f"- OS: {env.get('os')}, kernel {env.get('kernel')}",
        f"- Data directories: {env.get('disk')}; fsync on for both (neither server is told otherwise)",
        f"- Load average (1, 5, 15 min): {env.get('load_before')} before, {env.get('load_after')} after;"
        f" run time {env.get('duration')}. The machine is shared with other builds: treat differences"
        " under about 20 % as noise, and compare the per-round figures.",
        f"- etcd: {env.get('etcd')}",
        f"- Cairn: {env.get('cairn')}",
        f"- Java: {env.get('java')}",
        f"- Go: {env.get('go')}",
    ]
    if env.get("etcd_benchmark"):
        doc.append(f"- etcd's benchmark: {env.get('etcd_benchmark')}")
    if env.get("cairn_bench"):
        doc.append(f"- cairn-bench: {env.get('cairn_bench')}")
    doc += ["", "## Command lines", "",
            "Exactly as run, with the per-run ports and data directory written as `$CLIENT_PORT`,"
            " `$PEER_PORT` and `$DATA_DIR`, and `$OUT` for the work directory.", ""]
    servers_first = sorted(commands.items(), key=lambda item: not item[0].startswith("server"))
    for label, cmds in servers_first:
        doc.append(f"{label}:")
        doc.append("")
        doc.append("```")
        doc += list(cmds)
        doc.append("```")
        doc.append("")
    with open(out_file, "w") as f:
        f.write("\n".join(doc).rstrip("\n") + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
