"""Safe-messaging evaluation of `creator-kit check`: planted problems found at their line by their rule,
false findings and wrong exit codes, per rule and per language.

    .venv/bin/python benchmarks/safe_messaging_eval.py [FOLDER ...]  (default: tests/data/eval, then tests/data/eval-heldout)

Each FOLDER holds labelled drafts (labelled.py: `# lang: ...`, `# plant: CATEGORY`, `# near-miss`), each
checked alone as `check DRAFT` would, and `campaigns/<name>/` folders, each checked as one campaign: by
its `campaign.yaml` when it has one (labels may sit on its `scripts` lines), else as a folder. A plant
is found when a finding of its category's rule (CATEGORY_RULES) points at its line; a false finding is
an error or warning finding on any other line; a draft (or a campaign) has the wrong exit code when
`check` exits 1 and it plants no error-level category, or exits 0 and it does.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from labelled import Labelled, read_labels

from creator_kit.guidelines.run import CheckOptions, check_paths

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = (ROOT / "tests/data/eval", ROOT / "tests/data/eval-heldout")
TODAY = date(2026, 6, 1)
CATEGORY_RULES = {
    "commit": "suicide-framing",
    "outcome": "suicide-framing",
    "sensational": "suicide-framing",
    "method": "method-detail",
    "stigma": "stigmatizing-term",
    "missing-help": "missing-help-resource",
    "statistic": "unsourced-statistic",
    "hope": "missing-hope-message",
    "single-cause": "single-cause",
    "challenge": "challenge-or-pact",
    "headline": "suicide-in-headline",
    "content-note": "missing-content-note",
    "harm": "harm-specifics",
    "glamorise": "suicide-framing",
    "solution": "suicide-framing",
    "campaign-count": "campaign-suicide-count",
}
"""Each plant category and the rule that must report it."""
SAFE_MESSAGING_RULES = frozenset(CATEGORY_RULES.values())
"""The rules a false finding is counted for: readability and platform findings (a long caption line, a
missing campaign hashtag) are true findings about something else."""
STOPPING = {"commit", "outcome", "sensational", "method", "missing-help", "challenge", "harm", "glamorise", "solution"}
"""Categories whose rules are errors: a draft planting one must exit 1."""
CAMPAIGN_FILE = "campaign.yaml"


@dataclass
class Tally:
    """Counts by (rule, language) and by language, and a note for every miss and false finding."""

    planted: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    planted_classes: Counter = field(default_factory=Counter)
    found_classes: Counter = field(default_factory=Counter)
    false: Counter = field(default_factory=Counter)
    lines: Counter = field(default_factory=Counter)
    drafts: Counter = field(default_factory=Counter)
    wrong_exits: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(sum(self.planted.values()), 1)


@dataclass(frozen=True)
class Unit:
    """What one `check` run covers: the paths given, and the labelled files whose lines it reports on."""

    paths: tuple[Path, ...]
    labelled: tuple[Labelled, ...]

    @property
    def language(self) -> str:
        return self.labelled[0].language if self.labelled else "?"


def units(folder: Path) -> list[Unit]:
    """Every draft of `folder` alone, and every campaign under `folder/campaigns/`."""
    found = [Unit((path,), (read_labels(path),)) for path in sorted(folder.glob("*.yaml"))]
    for campaign in sorted(p for p in (folder / "campaigns").glob("*") if p.is_dir()):
        files = sorted(campaign.glob("*.yaml"))
        given = campaign / CAMPAIGN_FILE if (campaign / CAMPAIGN_FILE).is_file() else campaign
        found.append(Unit((given,), tuple(read_labels(path) for path in files)))
    return found


def _score(unit: Unit, tally: Tally) -> None:
    report = check_paths(list(unit.paths), CheckOptions(today=TODAY))
    for problem in report.problems:
        tally.notes.append(f"unusable: {problem}")
    by_file: dict[str, list] = {}
    for finding in report.findings:
        if finding.severity in ("error", "warning") and finding.rule in SAFE_MESSAGING_RULES:
            by_file.setdefault(Path(finding.file).resolve().as_posix(), []).append(finding)
    for draft in unit.labelled:
        findings = by_file.pop(draft.path.resolve().as_posix(), [])
        plants = draft.plants
        tally.lines[draft.language] += len(draft.lines)
        for number, category in plants.items():
            rule = CATEGORY_RULES.get(category, category)
            tally.planted[(rule, draft.language)] += 1
            tally.planted_classes[category] += 1
            if any(f.line == number and f.rule == rule for f in findings):
                tally.found[(rule, draft.language)] += 1
                tally.found_classes[category] += 1
            else:
                tally.notes.append(f"missed {category} ({rule}): {draft.path.name}:{number}")
        for finding in findings:
            if finding.line not in plants:
                tally.false[draft.language] += 1
                tally.notes.append(f"false finding: {draft.path.name}:{finding.line} {finding.rule}")
    for file, findings in by_file.items():
        tally.false[unit.language] += len(findings)
        tally.notes += [f"false finding: {Path(file).name}:{f.line} {f.rule}" for f in findings]
    must_stop = any(draft.must_stop(STOPPING) for draft in unit.labelled)
    tally.drafts[unit.language] += 1
    if (report.exit_code == 1) != must_stop or report.exit_code == 2:
        tally.wrong_exits[unit.language] += 1
        tally.notes.append(f"wrong exit code {report.exit_code}: {unit.paths[0].name}")


def evaluate(folders: list[Path]) -> Tally:
    tally = Tally()
    for folder in folders:
        for unit in units(folder):
            _score(unit, tally)
    return tally


def table(tally: Tally) -> str:
    rules = sorted({rule for rule, _ in tally.planted})
    languages = sorted(set(tally.lines) | set(tally.drafts))
    rows = ["| rule | planted | found at the line |", "|---|---|---|"]
    for rule in rules:
        planted = sum(v for (r, _), v in tally.planted.items() if r == rule)
        found = sum(v for (r, _), v in tally.found.items() if r == rule)
        rows.append(f"| {rule} | {planted} | {found} |")
    rows += ["", "| class (plant category) | planted | found at the line |", "|---|---|---|"]
    rows += [
        f"| {category} | {planted} | {tally.found_classes[category]} |"
        for category, planted in sorted(tally.planted_classes.items())
    ]
    rows += ["", "| language | planted | found | false findings | labelled lines | drafts | wrong exits |"]
    rows.append("|---|---|---|---|---|---|---|")
    for language in languages:
        planted = sum(v for (_, lang), v in tally.planted.items() if lang == language)
        found = sum(v for (_, lang), v in tally.found.items() if lang == language)
        rows.append(
            f"| {language} | {planted} | {found} | {tally.false[language]} | {tally.lines[language]} | "
            f"{tally.drafts[language]} | {tally.wrong_exits[language]} |"
        )
    planted, found = sum(tally.planted.values()), sum(tally.found.values())
    rows.append(
        f"\nfound {found}/{planted} = {tally.recall:.1%} at the right line by the right rule; "
        f"false findings {sum(tally.false.values())}; wrong exit codes {sum(tally.wrong_exits.values())} "
        f"of {sum(tally.drafts.values())} drafts and campaigns"
    )
    return "\n".join(rows)


def main(arguments: list[str]) -> int:
    for folder in [Path(a) for a in arguments] or list(DEFAULT_FOLDERS):
        tally = evaluate([folder])
        print(f"## {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}\n")
        print(table(tally))
        for note in tally.notes:
            print(note)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
