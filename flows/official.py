"""Official totals (``statistics.official_totals`` of a config) and the statistics and
reconciliation tables derived from the warehouse's tasks and publications; `stcat reconcile`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from config.loader import ProvinceConfig
from transforms.parquet import read_table
from transforms.warehouse import table_path

if TYPE_CHECKING:  # flows.steps imports this module
    from flows.steps import Paths


def official_totals(cfg: ProvinceConfig) -> list:
    """The config's statistics.official_totals as transforms.reconcile.OfficialTotal."""
    from transforms.reconcile import to_official

    return [to_official(i) for i in cfg.statistics.official_totals]


def _statistics_section(file: Path) -> list:
    """statistics.official_totals of a config file read on its own: placeholders elsewhere in the
    file (``${portal}``) stay as written, since comparing with the warehouse fetches nothing."""
    import yaml
    from pydantic import ValidationError

    from config.loader import ConfigError
    from config.schema import Statistics

    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(file, "(file)", "no such file: expected an existing YAML file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ConfigError(file, "(file)", f"expected a readable YAML file ({e})") from None
    section = data.get("statistics") if isinstance(data, dict) else None
    try:  # the section checked by the same schema the loader uses
        return list(Statistics.model_validate(section or {}).official_totals)
    except ValidationError as e:
        raise ConfigError.from_validation(file, e) from None


def load_official_totals(config_path: Path | str) -> list:
    """The official totals of a config file, without filling its placeholders (``stcat reconcile``)."""
    from transforms.reconcile import to_official

    return [to_official(i) for i in _statistics_section(Path(config_path))]


def derive_statistics(tables: dict[str, Any], totals: list) -> dict[str, Any]:
    """The statistics and reconciliation tables from the canonical tasks and publications."""
    from transforms import reconcile
    from transforms.statistics import build_statistics, events

    ev = events(tables)
    return {
        "statistics": build_statistics(tables, ev),
        "reconciliation": reconcile.to_table(reconcile.reconcile(totals, tables, ev)),
    }


def reconciliation_report(table: Any) -> dict[str, Any]:
    """Counts and the markdown report of a reconciliation table, for the run summary."""
    from transforms import reconcile

    return {"counts": reconcile.counts(table), "markdown": reconcile.render(table)}


def reconcile_warehouse(config_path: Path | str, paths: Paths) -> tuple[Any, str]:
    """`stcat reconcile`: the config's official totals against the warehouse as stored (no fetch)."""
    from transforms import reconcile

    totals = load_official_totals(config_path)  # a bad config is reported before anything else
    tables = {k: read_table(table_path(paths.warehouse, k)) for k in ("tasks", "publications")}
    missing = [k for k, t in tables.items() if t is None]
    if missing:
        raise FileNotFoundError(
            f"no {', '.join(missing)} table under {paths.warehouse}: run `stcat run` or `stcat demo` first"
        )
    table = reconcile.to_table(reconcile.reconcile(totals, tables))
    return table, reconcile.render(table)
