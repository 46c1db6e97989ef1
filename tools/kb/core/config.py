"""Where the vault is: ``--vault DIR``, else ``docs_dir`` of the nearest ``mkdocs.yml``."""

from __future__ import annotations

from pathlib import Path

import re

_DOCS_DIR_LINE = re.compile(
    r"^docs_dir\s*:\s*(?:'([^'\n]*)'|\"([^\"\\\n]*)\"|([\w./-]+))\s*(?:#.*)?$", re.M)

_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", ".nan", ".inf"}


def _lenient_loader():
    """A YAML loader for mkdocs.yml, which may hold ``!!python/name:`` and ``!ENV`` tags: they are
    read as plain values. (Built on first use: ``kb find`` needs no YAML on its fast path.)"""
    import yaml

    class LenientLoader(yaml.SafeLoader):
        pass

    def any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    LenientLoader.add_multi_constructor("", any_tag)
    return LenientLoader


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
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_lenient_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read mkdocs config: {err}") from err
    return data if isinstance(data, dict) else {}


def docs_dir_of(path: Path) -> str:
    """``docs_dir`` of a mkdocs.yml ("docs" when unset). A plain top-level ``docs_dir: notes``
    line is read directly; anything else goes through the YAML loader."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read mkdocs config: {err}") from err
    if "docs_dir" not in text:
        return "docs"
    lines = _DOCS_DIR_LINE.findall(text)
    if len(lines) == 1 and "docs_dir" not in _DOCS_DIR_LINE.sub("", text):
        value = "".join(lines[0])
        if value and value.lower() not in _YAML_WORDS and not value[0].isdigit():
            return value
    return str(read_mkdocs_yml(path).get("docs_dir", "docs"))


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
    docs_dir = docs_dir_of(config)
    path = config.parent / str(docs_dir)
    if not path.is_dir():
        raise ConfigError(f"{config}: docs_dir {docs_dir!r} is not a folder")
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
