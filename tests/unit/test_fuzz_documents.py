"""Fuzz: every fixture format mutated (bytes flipped, truncated, zip entries corrupted, XML nesting,
chunks spliced in), a few hundred cases per run with fixed seeds. Each case must end in records or
rejects: nothing escapes `records_from_bytes`, and the run stays within the memory bound.

Each format runs in a child process (tests/unit/fuzz_cases.py) with an address-space limit, so a
case that ran away with memory fails instead of swamping the machine, and a subprocess timeout is
the watchdog for a hang (it is a failure, not a timing assertion). The child prints each case's name
before parsing it, so a crash or hang names the case. STCAT_FUZZ_SEED picks another seed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.tables.sniff import MEMORY_BOUND_MB

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("STCAT_FUZZ_SEED", "12"))
CASES = {"xlsx": 60, "docx": 40, "xls": 50, "doc": 50, "pdf": 40, "html": 60}  # 300 in all
WATCHDOG_S = 600
ADDRESS_SPACE = 4 << 30  # a hard stop far above the bound; the bound itself is checked on VmHWM


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_mutated_documents_end_in_records_or_rejects(fmt):
    try:
        out = subprocess.run(
            [sys.executable, "-m", "tests.unit.fuzz_cases", fmt, str(CASES[fmt]), str(SEED)],
            capture_output=True,
            text=True,
            timeout=WATCHDOG_S,
            cwd=ROOT,
            preexec_fn=_limit,
        )
    except subprocess.TimeoutExpired as e:
        lines = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        last = [ln for ln in lines.splitlines() if '"start"' in ln][-1:]
        pytest.fail(f"watchdog: {fmt} fuzz run hung, last case started: {last}")
    rows = [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith("{")]
    done = [r for r in rows if "case" in r]
    started = [r["start"] for r in rows if "start" in r]
    assert out.returncode == 0 and len(done) == CASES[fmt], (
        f"child died (status {out.returncode}) in case {started[-1:]}: {out.stderr[-1500:]}"
    )
    escaped = [(r["case"], r["error"]) for r in done if r["error"]]
    assert not escaped, escaped[:3]
    peak = rows[-1]["peak_mb"]
    assert peak < MEMORY_BOUND_MB, f"{fmt}: peak RSS {peak:.0f} MB"
    # the mutations reached the readers: some cases still read records, others were refused
    assert sum(r["rejects"] for r in done) > 0
