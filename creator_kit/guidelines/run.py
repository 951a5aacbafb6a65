"""`creator-kit check PATH...`: find the scripts, check each one, gather one report.

Folders are searched recursively for *.yaml, *.yml and *.json files that are
campaign scripts (a mapping with `scenes`); rendered manifests, templates and
other YAML are skipped, and a folder holding no script is a problem. A file
named on the command line must be a script, a manifest (checked with the
script it names) or a campaign file (a YAML or JSON matrix with `scripts`, or
a CSV; each script it names is checked); anything else is refused in one line
that never quotes its content. A script that cannot be used - whatever fails
on it - becomes a problem of the report (exit 2) and the others are still
checked. A folder and a campaign file are also campaigns: their clips are
counted together for the campaign rules (campaign.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from creator_kit.documents.findings import Finding, has_errors, sorted_findings
from creator_kit.documents.manifest import MANIFEST_SUFFIX, LooseManifest, read_loose_manifest, script_named
from creator_kit.errors import CreatorKitError, InputError, Problem, UnusableGuidelines
from creator_kit.guidelines.campaign import ClipTopics, Member, Scope, campaign_facts, clip_topics
from creator_kit.guidelines.check import check_prepared, findings_in
from creator_kit.guidelines.rules import Rule
from creator_kit.guidelines.ruleset import Guidelines, guidelines_for
from creator_kit.inputs.sourcemap import load_document
from creator_kit.paint.pictures import paint_backdrop
from creator_kit.planning.campaign import is_campaign_file, load_campaign
from creator_kit.planning.plan import PlanOptions, prepare

SCRIPT_SUFFIXES = (".yaml", ".yml", ".json")
TEMPLATE_NAMES = ("template.yaml", "template.yml")
NO_SCRIPTS = "no campaign scripts found (looked for *.yaml, *.yml, *.json with scenes)"
NOT_A_SCRIPT = "not a campaign script (a YAML or JSON mapping with id, language and scenes); not checked"
_INTERNAL_ERROR_CHARS = 300


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
    """`scripts` were checked; `unusable` are the files given or found that could not be."""

    scripts: tuple[str, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    rules: tuple[Rule, ...]
    guidelines: tuple[str, ...]
    unusable: tuple[str, ...] = ()
    topics: frozenset[str] = frozenset()
    """The topics the checked drafts touch (suicide-or-self-harm: a reviewer's sign-off is needed)."""

    @property
    def exit_code(self) -> int:
        """2: some input was unusable; 1: an error-level finding; 0: neither."""
        if self.problems:
            return 2
        return 1 if has_errors(list(self.findings)) else 0


def _is_script(path: Path) -> bool:
    """Whether a file met while walking a folder is a campaign script (one that cannot be read counts as one,
    so that it is reported rather than silently skipped)."""
    try:
        data = load_document(path).data
    except Exception:  # whatever fails here fails again, and is reported, when it is checked
        return True
    return isinstance(data, dict) and "scenes" in data


def _campaign_scope(path: Path) -> Scope:
    """The scripts a campaign file names, each with the line that names it."""
    campaign = load_campaign(path)
    members = tuple(Member(row.script, {"file": str(path), "path": [], "line": row.line or 1}) for row in campaign.rows)
    return Scope(path, "campaign-file", members)


def _named_script(path: Path) -> Target:
    """A file named on the command line, if it is a script; else InputError without a word of its content."""
    if path.suffix.lower() not in SCRIPT_SUFFIXES:
        raise InputError.single(path, f"{NOT_A_SCRIPT} (expected a .yaml, .yml or .json file)")
    data = load_document(path).data
    if not isinstance(data, dict) or not ("scenes" in data or {"id", "language"} <= set(data)):
        raise InputError.single(path, NOT_A_SCRIPT)
    return Target(path)


def _scripts_under(folder: Path) -> list[Path]:
    """Campaign scripts in `folder` and below; hidden folders, manifests and templates are skipped."""
    candidates = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SCRIPT_SUFFIXES)
    return [
        p
        for p in candidates
        if not p.name.endswith(MANIFEST_SUFFIX)
        and p.name not in TEMPLATE_NAMES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and _is_script(p)
    ]


def _manifest_target(path: Path) -> Target:
    named = script_named(path)
    if not named:
        raise InputError.single(path, "manifest has no 'script' to check", field="script")
    for candidate in (Path(named), path.parent / named, path.parent / Path(named).name):
        if candidate.is_file():
            return Target(_named_script(candidate).script, path)
    raise InputError.single(path, f"the script it was rendered from is not found: {named}", field="script")


@dataclass(frozen=True)
class Discovered:
    """The scripts to check, each once; the campaigns among the paths; why some paths gave nothing."""

    targets: list[Target]
    problems: list[Problem]
    scopes: list[Scope]


def _named(path: Path) -> tuple[list[Target], list[Scope]]:
    if path.name.endswith(MANIFEST_SUFFIX):
        return [_manifest_target(path)], []
    if is_campaign_file(path):
        scope = _campaign_scope(path)
        return [Target(member.script) for member in scope.members], [scope]
    return [_named_script(path)], []


def discover(paths: list[Path]) -> Discovered:
    """Scripts named, found under folders or named by campaign files, each once, in order; a problem for
    each path that gives none."""
    targets: list[Target] = []
    problems: list[Problem] = []
    scopes: list[Scope] = []
    for path in paths:
        if path.is_dir():
            found = _scripts_under(path)
            targets += [Target(p) for p in found]
            problems += [] if found else [Problem(str(path), None, None, NO_SCRIPTS)]
            scopes += [Scope(path, "folder", tuple(Member(p) for p in found))] if found else []
        elif not path.exists():
            problems.append(Problem(str(path), None, None, "file not found"))
        else:
            try:
                named, named_scopes = _named(path)
            except InputError as error:
                problems += error.problems
                continue
            targets += named
            scopes += named_scopes
    unique: dict[Path, Target] = {}
    for target in targets:
        unique.setdefault(target.script.resolve(), target)
    return Discovered(list(unique.values()), problems, scopes)


def _manifests(target: Target, script_id: str, platforms: tuple[str, ...]) -> tuple[LooseManifest, ...]:
    """The manifest given with the script, else those a render left beside it."""
    folder = target.script.parent
    candidates = (
        [target.manifest]
        if target.manifest
        else [
            folder / f"{script_id}{MANIFEST_SUFFIX}",
            *(folder / f"{script_id}.{p}{MANIFEST_SUFFIX}" for p in platforms),
        ]
    )
    return tuple(read_loose_manifest(path) for path in candidates if path is not None and path.is_file())


def check_clip(target: Target, guidelines: Guidelines, options: CheckOptions) -> tuple[list[Finding], ClipTopics]:
    """The findings of a script in every language it is written in (texts keyed by language are each
    checked; what the languages share is reported once), and the topics it touches for its campaign."""
    plan = PlanOptions(template=options.template, resource_files=options.resource_files)
    main = prepare(target.script, plan)
    plans = [main] + [
        prepare(target.script, replace(plan, language=language)) for language in main.script.languages[1:]
    ]
    findings: list[Finding] = []
    facts = []
    for prepared in plans:
        platforms = options.platforms or prepared.script.platforms
        manifests = _manifests(target, prepared.script.id, platforms)
        checked = check_prepared(
            prepared, platforms, guidelines, paint_backdrop(prepared.template), manifests, options.today
        )
        findings += checked.findings
        facts.append(checked.facts)
    return list(dict.fromkeys(findings)), clip_topics(facts)


def check_script(target: Target, guidelines: Guidelines, options: CheckOptions) -> list[Finding]:
    """The findings of a script (see `check_clip`)."""
    return check_clip(target, guidelines, options)[0]


def _internal_error(error: Exception) -> str:
    """One line for a failure that is creator-kit's fault, not the input's (a bug to report)."""
    text = " ".join(str(error).split())
    if len(text) > _INTERNAL_ERROR_CHARS:
        text = text[: _INTERNAL_ERROR_CHARS - 1] + "…"
    return f"internal error: {type(error).__name__}" + (f": {text}" if text else "")


def _problems_of(
    target: Target, guidelines: Guidelines, options: CheckOptions
) -> tuple[list[Finding], ClipTopics | None, list[Problem]]:
    """The findings and topics of one script, or why it could not be checked; only unusable guidelines propagate."""
    try:
        findings, topics = check_clip(target, guidelines, options)
        return findings, topics, []
    except UnusableGuidelines:
        raise
    except InputError as error:
        return [], None, list(error.problems)
    except CreatorKitError as error:
        return [], None, [Problem(str(target.script), None, None, line) for line in error.lines()]
    except Exception as error:  # one script's crash must not hide the others' findings
        return [], None, [Problem(str(target.script), None, None, _internal_error(error))]


def _campaign_findings(scopes: list[Scope], clips: dict[Path, ClipTopics], guidelines: Guidelines) -> list[Finding]:
    """The findings of the campaign rules on each campaign among the paths."""
    return [finding for scope in scopes for finding in findings_in(campaign_facts(scope, clips), guidelines, {})]


def check_paths(paths: list[Path], options: CheckOptions) -> CheckReport:
    """Check every script under `paths`. A bad guidelines file raises InputError: nothing can be checked."""
    guidelines = guidelines_for(options.guidelines)
    discovered = discover(paths)
    problems = discovered.problems
    unusable = [p.file for p in problems if not Path(p.file).is_dir()]
    findings: list[Finding] = []
    checked = []
    clips: dict[Path, ClipTopics] = {}
    for target in discovered.targets:
        found, topics, failed = _problems_of(target, guidelines, options)
        findings += found
        problems += failed
        if topics is None:
            unusable.append(str(target.script))
        else:
            checked.append(str(target.script))
            clips[target.script.resolve()] = topics
    findings += _campaign_findings(discovered.scopes, clips, guidelines)
    return CheckReport(
        tuple(checked),
        tuple(sorted_findings(findings)),
        tuple(problems),
        guidelines.rules,
        tuple(str(p) for p in guidelines.files),
        tuple(dict.fromkeys(unusable)),
        frozenset(topic for clip in clips.values() for topic in clip.first_mentions),
    )
