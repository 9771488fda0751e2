"""Re-create the golden images in tests/baseline/ (run `make baselines`, then look).

A style change shows up as a failing image test; after reviewing the new pictures,
re-run this and commit them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from golden import BASELINE_DIR, CASES, render_case  # noqa: E402


def main() -> None:
    BASELINE_DIR.mkdir(exist_ok=True)
    for case in CASES:
        path = BASELINE_DIR / case.filename
        path.write_bytes(render_case(case))
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
