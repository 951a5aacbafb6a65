"""`creator-kit check PATH...`: find the scripts, check each one, gather one report.

Folders are searched recursively for *.yaml, *.yml and *.json files that are
campaign scripts (a mapping with `scenes`); rendered manifests, templates and
other YAML are skipped. A manifest given by name is checked with the script
it names. A script that cannot be used becomes a problem of the report (exit
2) and the others are still checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from creator_kit.errors import InputError, Problem
from creator_kit.guidelines.check import check_prepared
from creator_kit.guidelines.facts import Manifest
from creator_kit.guidelines.findings import Finding, has_errors, sorted_findings
from creator_kit.guidelines.guarded import UnusableGuidelines
from creator_kit.guidelines.rules import Rule
from creator_kit.guidelines.ruleset import Guidelines, load_guidelines
from creator_kit.render import RenderOptions, prepare
from creator_kit.sourcemap import load_document
from creator_kit.video import paint_backdrop

SCRIPT_SUFFIXES = (".yaml", ".yml", ".json")
MANIFEST_SUFFIX = ".manifest.json"
TEMPLATE_NAMES = ("template.yaml", "template.yml")


@dataclass(frozen=True)
class CheckOptions:
    guidelines: Path | None = None
    template: str | None = None
    platforms: tuple[str, ...] = ()
    today: date | None = None
    resource_files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Target:
    """A script to check, and the manifest given with it on the command line, if any."""

    script: Path
    manifest: Path | None = None


@dataclass(frozen=True)
class CheckReport:
    scripts: tuple[str, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    rules: tuple[Rule, ...]
    guidelines: tuple[str, ...]

    @property
    def exit_code(self) -> int:
        """2: some input was unusable; 1: an error-level finding; 0: neither."""
        if self.problems:
            return 2
        return 1 if has_errors(list(self.findings)) else 0


def _is_script(path: Path) -> bool:
    """Whether a file met while walking a folder is a campaign script (a syntax error counts as one)."""
    try:
        data = load_document(path).data
    except InputError:
        return True
    return isinstance(data, dict) and "scenes" in data


def _scripts_under(folder: Path) -> list[Path]:
    """Campaign scripts in `folder` and below; hidden folders, manifests and templates are skipped."""
    candidates = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SCRIPT_SUFFIXES)
    return [p for p in candidates
            if not p.name.endswith(MANIFEST_SUFFIX) and p.name not in TEMPLATE_NAMES
            and not any(part.startswith(".") for part in p.relative_to(folder).parts) and _is_script(p)]


def _manifest_target(path: Path) -> Target:
    data = load_document(path).data
    named = data.get("script") if isinstance(data, dict) else None
    if not isinstance(named, str) or not named:
        raise InputError.single(path, "manifest has no 'script' to check", field="script")
    for candidate in (Path(named), path.parent / named, path.parent / Path(named).name):
        if candidate.is_file():
            return Target(candidate, path)
    raise InputError.single(path, f"the script it was rendered from is not found: {named}", field="script")


def discover(paths: list[Path]) -> tuple[list[Target], list[Problem]]:
    """Scripts named or found under folders, each once, in order."""
    targets: list[Target] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            targets += [Target(p) for p in _scripts_under(path)]
        elif path.name.endswith(MANIFEST_SUFFIX):
            try:
                targets.append(_manifest_target(path))
            except InputError as error:
                problems += error.problems
        elif path.exists():
            targets.append(Target(path))
        else:
            problems.append(Problem(str(path), None, None, "file not found"))
    unique: dict[Path, Target] = {}
    for target in targets:
        unique.setdefault(target.script.resolve(), target)
    return list(unique.values()), problems


def _manifests(target: Target, script_id: str, platforms: tuple[str, ...]) -> tuple[Manifest, ...]:
    """The manifest given with the script, else those a render left beside it."""
    folder = target.script.parent
    candidates = [target.manifest] if target.manifest else [
        folder / f"{script_id}{MANIFEST_SUFFIX}", *(folder / f"{script_id}.{p}{MANIFEST_SUFFIX}" for p in platforms)]
    manifests = []
    for path in candidates:
        if path is None or not path.is_file():
            continue
        document = load_document(path)
        if not isinstance(document.data, dict):
            raise InputError.single(path, "a manifest is a JSON object", line=1)
        manifests.append(Manifest(path, document.data))
    return tuple(manifests)


def check_script(target: Target, guidelines: Guidelines, options: CheckOptions) -> list[Finding]:
    prepared = prepare(target.script, RenderOptions(template=options.template, resource_files=options.resource_files))
    platforms = options.platforms or prepared.script.platforms
    manifests = _manifests(target, prepared.script.id, platforms)
    return check_prepared(prepared, platforms, guidelines, paint_backdrop(prepared.template), manifests,
                          options.today)


def check_paths(paths: list[Path], options: CheckOptions) -> CheckReport:
    """Check every script under `paths`. A bad guidelines file raises InputError: nothing can be checked."""
    guidelines = load_guidelines(options.guidelines)
    targets, problems = discover(paths)
    findings: list[Finding] = []
    checked = []
    for target in targets:
        try:
            findings += check_script(target, guidelines, options)
        except UnusableGuidelines:
            raise
        except InputError as error:
            problems += error.problems
            continue
        checked.append(str(target.script))
    return CheckReport(tuple(checked), tuple(sorted_findings(findings)), tuple(problems), guidelines.rules,
                       tuple(str(p) for p in guidelines.files))
