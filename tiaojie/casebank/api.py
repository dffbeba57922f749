"""The case bank as notebooks and apps use it: load (cached), get, filter, variant.

    from tiaojie.casebank import api
    bank = api.load()                       # the whole bank, parsed and validated
    bank.get("bnk-001")                     # a Case, or CaseNotFound naming the id
    bank.filter(sector="保险", track="small_claims", population="老年人")
    api.variant("bnk-001", seed=7)          # a Case with new fictional parties, amounts, dates

Filters take identifiers or the Chinese labels users see (parsed by each enum's ``parse``).
``load`` caches by the list of files with their sizes and modification times, and by the
practice configuration in force, so a file added or edited by a writer is picked up on the
next call. Validation here covers the cases (schema, rules, fiction); the role-play layer adds the
scripts (:func:`tiaojie.roleplay.bank_checks.validate`, what `tiaojie cases validate` runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..core.competencies import COMPETENCIES
from ..rules import Origin, Sector, TiaojieError, Track, load_config
from ..rules import config_path
from .checks import validate_cases
from .loader import LoadResult, Problem, bank_root, case_files, load_bank, roleplays_dir, script_path
from .schema import Case, DisputeType, Population


class CaseNotFound(TiaojieError, KeyError):
    """No case with that id in the bank (or the id's file failed validation)."""

    def __init__(self, case_id: str, known: Iterable[str] = ()):
        self.case_id = case_id
        self.field = "id"
        known = sorted(known)
        hint = f"；已有 {len(known)} 个案例，例如 {', '.join(known[:5])}" if known else "；案例库为空"
        self.message = f"案例库中没有编号为“{case_id}”的案例{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


def parse_competency(text: str) -> str:
    key = str(text).strip()
    for c in COMPETENCIES.values():
        if key in (c.id, c.label):
            return c.id
    from ..rules import RulesInputError

    accepted = "、".join(f"{c.label}({c.id})" for c in COMPETENCIES.values())
    raise RulesInputError("competency", f"未知取值“{key}”；可选：{accepted}")


def roleplay_path(case: Case, root: Path | None = None) -> Path | None:
    if not case.roleplay:
        return None
    return script_path(case.roleplay, root)


def has_playable_roleplay(case: Case, root: Path | None = None) -> bool:
    """The case names a script that exists (validation reports a broken reference)."""
    path = roleplay_path(case, root)
    return path is not None and path.is_file()


@dataclass
class CaseBank:
    """Valid cases (in file order) and every problem found while loading and validating."""

    result: LoadResult
    problems: list[Problem] = field(default_factory=list)

    @property
    def cases(self) -> dict[str, Case]:
        """Cases that passed the schema (cross-check problems are in ``problems``)."""
        return self.result.cases

    @property
    def invalid_ids(self) -> set[str]:
        return {p.case_id for p in self.problems if p.case_id in self.result.cases}

    def __iter__(self) -> Iterator[Case]:
        return iter(self.result.cases.values())

    def __len__(self) -> int:
        return len(self.result.cases)

    def __contains__(self, case_id: object) -> bool:
        return case_id in self.result.cases

    def get(self, case_id: str) -> Case:
        try:
            return self.result.cases[case_id]
        except KeyError:
            raise CaseNotFound(case_id, self.result.cases) from None

    def file(self, case_id: str) -> Path:
        self.get(case_id)
        return self.result.files[case_id]

    def filter(self, *, sector=None, track=None, origin=None, population=None, dispute_type=None,
               competency=None, has_roleplay: bool | None = None) -> list[Case]:
        """Cases matching every filter given (None = any). Labels or identifiers accepted."""
        sector = Sector.parse(sector, "sector") if sector else None
        track = Track.parse(track, "track") if track else None
        origin = Origin.parse(origin, "origin") if origin else None
        population = Population.parse(population, "population") if population else None
        dispute_type = DisputeType.parse(dispute_type, "dispute_type") if dispute_type else None
        competency = parse_competency(competency) if competency else None
        out = []
        for case in self:
            if sector and case.sector is not sector:
                continue
            if track and case.track is not track:
                continue
            if origin and case.origin is not origin:
                continue
            if population and population not in case.special_populations:
                continue
            if dispute_type and case.dispute_type is not dispute_type:
                continue
            if competency and competency not in case.competencies:
                continue
            if has_roleplay is not None and has_playable_roleplay(case) != has_roleplay:
                continue
            out.append(case)
        return out


_CACHE: dict[tuple, CaseBank] = {}


def _signature(paths: "list[str | Path] | None") -> tuple:
    files = case_files(paths)
    stamps = []
    for f in files:
        try:
            st = f.stat()
            stamps.append((str(f), st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(f), None, None))
    cfg = config_path()
    try:
        cfg_stamp = (str(cfg), cfg.stat().st_mtime_ns)
    except OSError:
        cfg_stamp = (str(cfg), None)
    roleplays = roleplays_dir()
    rp = tuple(sorted(p.name for p in roleplays.glob("*.yaml"))) if roleplays.is_dir() else ()
    return (tuple(str(p) for p in paths or ()), str(bank_root()), tuple(stamps), cfg_stamp, rp)


def load(paths: "list[str | Path] | None" = None, *, checks: bool = True,
         refresh: bool = False) -> CaseBank:
    """Load and validate the bank (default) or the given files/folders. Cached; never raises
    for a bad file — its problems are in ``.problems`` and the other cases still load.

    ``checks=False`` parses only (schema problems, no cross-checks): enough
    to browse, and what the CLI's list/show/stats/variant and the explorer app use.
    """
    key = (_signature(paths), checks)
    if not refresh and key in _CACHE:
        return _CACHE[key]
    result = load_bank(list(paths) if paths else None)
    problems = validate_cases(result, load_config()) if checks else list(result.problems)
    bank = CaseBank(result=result, problems=problems)
    if len(_CACHE) >= 4:  # a few banks at most; a changed file changes the key
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = bank
    return bank


def get(case_id: str) -> Case:
    return load(checks=False).get(case_id)


def filter_cases(**filters) -> list[Case]:
    return load().filter(**filters)


def variant(case: "Case | str", seed: int) -> Case:
    """A fictional variant of a case (see :mod:`tiaojie.casebank.variants`)."""
    from .variants import make_variant

    if isinstance(case, str):
        case = get(case)
    return make_variant(case, seed)
