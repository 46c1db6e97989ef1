"""Where the vault is: ``--vault DIR``, else ``docs_dir`` of the nearest ``mkdocs.yml``."""

from __future__ import annotations

from pathlib import Path

import yaml


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name:`` and ``!ENV`` tags; read them as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_LenientLoader.add_multi_constructor("", _any_tag)


class ConfigError(Exception):
    pass


def find_mkdocs_yml(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None


def read_mkdocs_yml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read mkdocs config: {err}") from err
    return data if isinstance(data, dict) else {}


def vault_dir(explicit: str | None = None) -> Path:
    """The vault folder: ``explicit`` if given, else the ``docs_dir`` of the nearest mkdocs.yml."""
    if explicit:
        path = Path(explicit)
        if not path.is_dir():
            raise ConfigError(f"vault folder not found: {explicit}")
        return path
    config = find_mkdocs_yml()
    if config is None:
        raise ConfigError("no vault: pass --vault DIR, or run kb in a project with a mkdocs.yml")
    docs_dir = read_mkdocs_yml(config).get("docs_dir", "docs")
    path = config.parent / str(docs_dir)
    if not path.is_dir():
        raise ConfigError(f"{config}: docs_dir {docs_dir!r} is not a folder")
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def cache_dir(vault_root: Path) -> Path:
    """Where kb keeps its caches for a vault: ``.kb/`` beside mkdocs.yml when the vault is that
    project's docs_dir (outside the folder ``mkdocs serve`` watches), else ``<vault>/.kb``."""
    root = Path(vault_root).resolve()
    config = find_mkdocs_yml(root)
    if config is not None:
        try:
            docs = (config.parent / str(read_mkdocs_yml(config).get("docs_dir", "docs"))).resolve()
        except ConfigError:
            docs = None
        if docs == root:
            return config.parent / ".kb"
    return root / ".kb"
