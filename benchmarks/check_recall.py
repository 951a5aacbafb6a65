"""Recall and false positives of `creator-kit check` on labelled drafts, per category and language.

    .venv/bin/python benchmarks/check_recall.py [FOLDER ...]  (default: tests/data/check-round2/dev and heldout)

A labelled draft says its language on a line `# lang: ar-gulf` and labels lines with comments:
`# plant: CATEGORY` on a line that holds a planted problem (commit, outcome, method, sensational,
stigma, statistic, missing-help), `# near-miss` on a line that must stay clean although it looks
like a problem; every other scene line is clean. A planted problem is found when an error or
warning finding points at its line; a false positive is an error or warning finding on a near-miss
or clean line. A draft must exit 1 exactly when it plants framing, method detail, sensational
wording or a missing resource (`exit` column).
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

from labelled import read_labels

from creator_kit.guidelines.ruleset import load_guidelines
from creator_kit.guidelines.run import CheckOptions, Target, check_script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "tests/data/check-round2/dev", ROOT / "tests/data/check-round2/heldout")
STOPPING = {"commit", "outcome", "method", "sensational", "missing-help"}
"""Categories whose planted problems make `check` exit 1 (error level)."""
TODAY = date(2026, 6, 1)


def evaluate(folders: list[Path]) -> tuple[Counter, Counter, Counter, list[str]]:
    """(planted, found, false positives) counted by (category or line kind, language), and misses."""
    guidelines = load_guidelines()
    planted, found, false = Counter(), Counter(), Counter()
    notes = []
    for path in sorted(p for folder in folders for p in folder.glob("*.yaml")):
        draft = read_labels(path)
        findings = check_script(Target(path), guidelines, CheckOptions(today=TODAY))
        flagged = {f.line for f in findings if f.severity in ("error", "warning")}
        for line in draft.lines:
            key = (line.kind, draft.language)
            if line.kind in ("near-miss", "clean"):
                planted[key] += 1
                if line.number in flagged:
                    false[key] += 1
                    notes.append(f"false positive: {path.name}:{line.number}")
            else:
                planted[key] += 1
                if line.number in flagged:
                    found[key] += 1
                else:
                    notes.append(f"missed {line.kind}: {path.name}:{line.number}")
        stops = any(f.severity == "error" for f in findings)
        planted[("exit", draft.language)] += 1
        if stops == draft.must_stop(STOPPING):
            found[("exit", draft.language)] += 1
        else:
            notes.append(f"wrong exit code: {path.name} ({'1' if stops else '0'})")
    return planted, found, false, notes


def table(planted: Counter, found: Counter, false: Counter) -> str:
    rows = ["| category | language | lines | found | false positives |", "|---|---|---|---|---|"]
    for kind, language in sorted(planted):
        count = planted[(kind, language)]
        if kind in ("near-miss", "clean"):
            rows.append(f"| {kind} | {language} | {count} | – | {false[(kind, language)]} |")
        else:
            rows.append(f"| {kind} | {language} | {count} | {found[(kind, language)]} | – |")
    problems = sum(v for (k, _), v in planted.items() if k not in ("near-miss", "clean", "exit"))
    hits = sum(v for (k, _), v in found.items() if k != "exit")
    lines = sum(v for (k, _), v in planted.items() if k in ("near-miss", "clean"))
    exits = sum(v for (k, _), v in planted.items() if k == "exit")
    rows.append(
        f"\nrecall {hits}/{problems} = {hits / max(problems, 1):.1%}; "
        f"false positives {sum(false.values())} on {lines} clean and near-miss lines; "
        f"exit code right for {sum(v for (k, _), v in found.items() if k == 'exit')}/{exits} drafts"
    )
    return "\n".join(rows)


def main(arguments: list[str]) -> int:
    folders = [Path(a) for a in arguments] or list(DEFAULT_FOLDERS)
    planted, found, false, notes = evaluate(folders)
    print(table(planted, found, false))
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
