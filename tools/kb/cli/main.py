"""The ``kb`` command line: tags, find, show, check, new.

Every command takes ``--vault DIR`` (default: ``docs_dir`` of the nearest ``mkdocs.yml``) and
``--json`` (machine-readable output whose shapes the README documents).
Exit codes: 0 fine, 1 problems found (``kb check``) or refused, 2 bad usage or input.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.config import ConfigError, vault_dir
from ..core.query import Matcher, QueryError
from .term import Progress, Style, table, use_colour
from ..core.text import key, ranked_spellings, safe_filename

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from ..store.index import Index
    from ..core.note import Note
    from ..core.vault import Vault


class CLIError(Exception):
    """An error for the user: printed as ``kb: message``, exit code 2."""


def _emit_json(data: Any) -> None:
    import json

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _vault_root(args: argparse.Namespace) -> Path:
    """The vault this command works on (``--vault``, else docs_dir of the nearest mkdocs.yml):
    the one place a command asks, so every command says the same when there is none."""
    try:
        return vault_dir(args.vault)
    except ConfigError as err:
        raise CLIError(str(err)) from err


def _load(args: argparse.Namespace) -> Vault:
    root = _vault_root(args)
    progress = Progress("loading notes")
    try:
        if os.environ.get("KB_NO_CACHE") == "1":
            from ..core.vault import Vault

            return Vault.load(root, progress=progress)
        from ..store.notes import load_vault

        return load_vault(root, progress=progress)
    finally:
        progress.close()


def _file(vault: Vault, path: str) -> str:
    """A vault path as a file path a person can open from here."""
    return (vault.root / path).as_posix()


def _tag_names(vault: Vault, note: Note) -> list[str]:
    return [vault.tag_name(k) for k in note.tag_keys]


def note_summary(vault: Vault, note: Note) -> dict[str, Any]:
    return {"path": note.path, "title": note.title, "date": note.date_json(),
            "tags": _tag_names(vault, note)}


# ---------------------------------------------------------------------------------------------


def cmd_tags(args: argparse.Namespace, style: Style) -> int:
    vault = _load(args)
    keys = sorted(vault.tags)
    if args.sort == "count":
        keys.sort(key=lambda k: -vault.tag_total(k))
    if args.json:
        _emit_json([{"tag": vault.tag_name(k), "count": vault.tags[k].count,
                     "total": vault.tag_total(k),
                     "spellings": ranked_spellings(vault.tags[k].spellings)}
                    for k in keys])
        return 0
    if not keys:
        print("no tags", file=sys.stderr)
        return 0
    rows = []
    for k in keys:
        info = vault.tags[k]
        depth = 0 if args.sort == "count" else k.count("/")
        shown = "  " * depth + "#" + info.name
        total = vault.tag_total(k)
        count = str(info.count) if total == info.count else f"{info.count} ({total})"
        other = ", ".join("#" + s for s in ranked_spellings(info.spellings) if s != info.name)
        rows.append([shown, count, f"also {other}" if other else ""])
    for line in table(rows, [("cyan",), ("bold",), ("dim",)], style):
        print(line)
    return 0


def _find_with_index(root: Path, ask: Callable[[Index], Any]) -> Any:
    """``ask(index)``, answered from the index. The vault is walked (in a child process) while
    the index answers; if a file changed since the index was last refreshed, the index is
    brought up to date and asked again."""
    from ..store.index import Index, default_db

    import sqlite3

    index = Index(root, default_db(root))
    try:
        try:
            pending = index.start_check()
            out = ask(index)
            if index.refresh(pending.result()):
                out = ask(index)
            return out
        except sqlite3.DatabaseError as err:  # damaged past what opening it showed
            index.rebuild(f"the find index {index.db_path} is damaged ({err}); rebuilding it")
            index.refresh()
            return ask(index)
    finally:
        index.close()


def _indexed_results(index: Index, matcher: Matcher) -> list[dict]:
    found = index.find(matcher)
    names = index.tag_display() if found else {}
    return [{"path": n.path, "title": n.title, "date": n.date,
             "tags": [names.get(k, k) for k in n.tag_keys]} for n in found]


def find_json(results: list[dict]) -> str:
    """``json.dumps(results, ensure_ascii=False, indent=2)`` for ``kb find``'s results, made
    several times faster (see :func:`kb.store.index.result_json`)."""
    from ..store.index import result_json

    if not results:
        return "[]"
    return "[\n" + ",\n".join(result_json(r["path"], r["title"], r["date"], r["tags"])
                               for r in results) + "\n]"


def cmd_find(args: argparse.Namespace, style: Style) -> int:
    query = " ".join(args.query)
    try:
        matcher = Matcher(query)
    except QueryError as err:
        raise CLIError(f"bad query {query!r}: {err}") from err

    def answer(results: list[dict]) -> tuple[list[str], list[str]]:
        """What to print: (stdout lines, stderr lines)."""
        if args.limit > 0:
            results = results[: args.limit]
        if args.json:
            return [find_json(results)], []
        if not results:
            return [], [f"no notes match {query!r}"]
        folder = root.as_posix().rstrip("/") + "/"
        rows = [[(r["date"] or "")[:10], r["title"], " ".join("#" + t for t in r["tags"]),
                 folder + r["path"]] for r in results]
        lines = table(rows, [("dim",), ("bold",), ("cyan",), ("green",)], style,
                      max_widths=[None, 48, 40, None])
        n = len(results)
        return lines, [style(f"{n} note{'s' if n != 1 else ''}", "dim")]

    if args.no_index or os.environ.get("KB_NO_INDEX") == "1":
        vault = _load(args)
        root = vault.root
        out, err = answer([note_summary(vault, n)
                           for n in vault.newest_first(n.path for n in vault if matcher(n))])
    else:
        root = _vault_root(args)
        if args.json:  # the stored entries, as bytes: nothing to decode or encode
            data = _find_with_index(root, lambda index: index.find_json(matcher, args.limit))
            sys.stdout.flush()
            sys.stdout.buffer.write(data + b"\n")
            return 0
        out, err = answer(_find_with_index(root, lambda index: _indexed_results(index, matcher)))
    if out:
        sys.stdout.write("\n".join(out) + "\n")
    for line in err:
        print(line, file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace, style: Style) -> int:
    vault = _load(args)
    note = vault.get(args.note)
    if note is None:
        k = key(args.note)
        near = [n.title for n in vault if k in key(n.title)][:5]
        hint = f"; did you mean: {', '.join(near)}" if near else ""
        raise CLIError(f"no note named {args.note!r} in {vault.root}{hint}")
    links = vault.links.get(note.path, [])
    data = {
        **note_summary(vault, note),
        "file": _file(vault, note.path),
        "kind": note.kind,
        "aliases": note.aliases,
        "links": [{"line": rl.link.line, "target": rl.link.target, "to": rl.target,
                   "heading": rl.link.heading, "embed": rl.link.embed, "kind": rl.link.kind}
                  for rl in links if rl.target is not None],
        "backlinks": [{"path": rl.source, "line": rl.link.line, "title":
                       vault.notes[rl.source].title} for rl in vault.backlinks.get(note.path, [])],
        "unresolved": [{"line": rl.link.line, "target": rl.link.target, "link": rl.link.raw}
                       for rl in links if rl.target is None],
        "code": [{"line": c.line, "lang": c.lang, "info": c.info, "lines": c.code.count("\n")}
                 for c in note.code],
        "headings": [{"line": h.line, "level": h.level, "text": h.text} for h in note.headings],
        "problems": [p.to_json() for p in note.problems],
    }
    if args.json:
        _emit_json(data)
        return 0
    out = [style(note.title, "bold")]
    meta = [("path", _file(vault, note.path)), ("date", data["date"] or "—"),
            ("tags", " ".join(style("#" + t, "cyan") for t in data["tags"]) or "—")]
    if note.aliases:
        meta.append(("aliases", ", ".join(note.aliases)))
    if note.code:
        langs = sorted({c.lang or "text" for c in note.code})
        meta.append(("code", f"{len(note.code)} block(s): {', '.join(langs)}"))
    out += [f"  {style(k.ljust(8), 'dim')}{v}" for k, v in meta]

    def section(title: str, lines: list[str]) -> None:
        out.append("")
        out.append(style(f"{title} ({len(lines)})", "bold"))
        out.extend(f"  {line}" for line in lines) if lines else out.append("  —")

    section("links", [f"{style(str(d['line']).rjust(4), 'dim')}  "
                      f"{(vault.notes[d['to']].title if d['to'] in vault.notes else d['to'])}"
                      f"{'#' + d['heading'] if d['heading'] else ''}  "
                      f"{style(d['to'], 'green')}" for d in data["links"]])
    section("backlinks", [f"{style(d['title'], 'bold')}  "
                          f"{style(_file(vault, d['path']) + ':' + str(d['line']), 'green')}"
                          for d in data["backlinks"]])
    section("unresolved", [f"{style(str(d['line']).rjust(4), 'dim')}  "
                           f"{style(d['link'], 'red')}" for d in data["unresolved"]])
    if note.problems:
        section("problems", [style(str(p), "yellow") for p in note.problems])
    print("\n".join(out))
    return 0


def _project_root(args: argparse.Namespace) -> Path:
    from ..core.config import find_mkdocs_yml

    config = find_mkdocs_yml()
    return config.parent if config is not None and not args.vault else Path.cwd()


def cmd_check(args: argparse.Namespace, style: Style) -> int:
    from ..code.extract import plan

    vault = _load(args)
    problems = vault.problems() + plan(vault, _project_root(args), render_files=False)[1]
    problems.sort(key=lambda pr: (pr.path, pr.line, pr.kind))
    if args.json:
        _emit_json([{**p.to_json(), "file": _file(vault, p.path)} for p in problems])
    else:
        for p in problems:
            bad = p.kind in ("front-matter", "encoding", "unreadable")
            print(f"{style(_file(vault, p.path), 'green')}:{p.line}: "
                  f"{style(p.message, 'red' if bad else 'yellow')}"
                  f" {style('[' + p.kind + ']', 'dim')}")
        files = len({p.path for p in problems})
        summary = (f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
                   f"note{'s' if files != 1 else ''}" if problems else "no problems")
        print(style(f"{summary} ({len(vault)} notes checked)", "dim"), file=sys.stderr)
    return 1 if problems else 0


def cmd_extract(args: argparse.Namespace, style: Style) -> int:
    from ..code.extract import extract
    from ..store import store_dir

    vault = _load(args)
    project = _project_root(args)
    out = Path(args.out) if args.out else project / "snippets"
    if out.exists() and not out.is_dir():
        raise CLIError(f"--out {out}: a file is there, not a folder for snippets")
    progress = Progress("extracting")
    try:
        result = extract(vault, out, project, check=args.check, progress=progress,
                         state_dir=store_dir(vault.root))
    except OSError as err:
        raise CLIError(f"cannot write snippets to {out}: {err.strerror or err}") from err
    finally:
        progress.close()
    if args.json:
        from ..code.verdict import static_summary

        _emit_json({**result.to_json(), "check": args.check, "out": out.as_posix(),
                    "blocks": static_summary(vault)})
    else:
        for p in result.problems:
            print(f"{_file(vault, p.path)}:{p.line}: {style(p.message, 'red')}",
                  file=sys.stderr)
        verb = "stale" if args.check else "wrote"
        for name in result.written:
            print(f"{style(verb, 'yellow')}   {(out / name).as_posix()}")
        for name in result.removed:
            print(f"{style('stale' if args.check else 'removed', 'yellow')} "
                  f"{(out / name).as_posix()}")
        summary = (f"{len(result.written)} {'stale' if args.check else 'written'}, "
                   f"{len(result.removed)} {'to remove' if args.check else 'removed'}, "
                   f"{len(result.unchanged)} unchanged")
        print(style(summary, "dim"), file=sys.stderr)
        if args.check and result.stale:
            print("snippets/ is stale: run `kb extract`", file=sys.stderr)
    if result.problems:
        return 1
    return 1 if args.check and result.stale else 0


def cmd_import(args: argparse.Namespace, style: Style) -> int:
    from ..importers import clip, digest, writer
    from ..importers.model import ImportError_
    from ..core.parse import decode

    root = _vault_root(args)
    from ..store.notes import load_vault

    vault = load_vault(root) if args.kind == "clip" else None
    parsed_files = []
    for name in args.files:  # read everything first: bad input writes nothing
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CLIError(f"{name}: cannot read: {err.strerror}") from err
        if b"\x00" in data[:8192]:
            raise CLIError(f"{name}: this is a binary file, not a text export; nothing written")
        text, problems = decode(name, data)
        if problems:
            raise CLIError(f"{problems[0]}; nothing written")
        try:
            if args.kind == "digest":
                parsed_files.append(digest.parse_digest(name, text))
            else:
                parsed_files.append(clip.parse_clip(name, text, vault, args.accept_tags))
        except ImportError_ as err:
            raise CLIError(f"{err}; nothing written") from err
    default = "daily" if args.kind == "digest" else "clippings"
    dest = Path(args.dest) if args.dest else root / default
    planned = writer.plan(parsed_files, dest, root)
    writer.write(planned, root, _project_root(args), dry_run=args.dry_run, force=args.force)
    reports = [writer.report(p, planned) for p in parsed_files]
    if args.json:
        _emit_json(reports[0] if len(reports) == 1 else reports)
    else:
        colours = {"created": "green", "updated": "yellow", "unchanged": "dim",
                   "conflict": "red"}
        for rep in reports:
            print(style(rep["file"], "bold") + (style("  (dry run: nothing written)", "yellow")
                                                if args.dry_run else ""))
            rows = [[n["status"], (root / n["path"]).as_posix(), n["title"]]
                    for n in rep["notes"]]
            if rep["daily"]:
                rows.append([rep["daily_status"], (root / rep["daily"]).as_posix(), "(daily page)"])
            for row, line in zip(rows, table(rows, [(), ("green",), ("bold",)], style,
                                             max_widths=[None, 70, 50])):
                print("  " + line.replace(row[0], style(row[0], colours.get(row[0], "dim")), 1))
            for n in rep["notes"]:
                for r in n["repairs"]:
                    print(style(f"    {n['path']}: {r}", "dim"))
            for d in rep["duplicates"]:
                print(style(f"  line {d['line']}: a copy of “{d['of']}” (not imported again)",
                            "yellow"))
            kinds: dict[str, int] = {}
            for d in rep["dropped"]:
                kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
            if kinds:
                print(style("  not in notes: " + ", ".join(f"{v} {k}" for k, v in
                                                           sorted(kinds.items())), "dim"))
            if rep["suggested_tags"] and not args.accept_tags:
                print("  suggested tags (--accept-tags to apply): " +
                      " ".join(style("#" + t, "cyan") for t in rep["suggested_tags"]))
        conflicts = [p for p in planned if p.status == "conflict"]
        for p in conflicts:
            print(style(f"conflict: {p.rel} was edited since it was imported; the new version "
                        f"is in {p.written_to or p.rel + '.kb-new'} (use --force to overwrite)",
                        "red"), file=sys.stderr)
    return 1 if any(p.status == "conflict" for p in planned) else 0


def cmd_bench(args: argparse.Namespace, style: Style) -> int:
    from .bench import run
    from ..core.config import find_mkdocs_yml

    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else (
        [200] if args.quick else [1000, 10000])
    config = find_mkdocs_yml()
    project = config.parent if config else Path.cwd()
    def say(text: str) -> None:
        print(style(text, "dim"), file=sys.stderr)

    code_from = [Path(p) for p in args.code_from or []]
    missing = [str(p) for p in code_from if not p.is_dir()]
    if missing:
        print(style(f"kb bench: --code-from: no such folder: {', '.join(missing)}", "red"),
              file=sys.stderr)
        return 2
    data = run(sizes, args.quick, project, say, site=not args.no_site, only_site=args.site_only,
               code_from=code_from)
    if args.json:
        _emit_json(data)
    else:
        rows = [[k, str(v)] for k, v in data["figures"].items()]
        print(f"machine: {data['machine']['platform']}, {data['machine']['cpus']} CPUs, "
              f"Python {data['machine']['python']}; sizes {data['sizes']}")
        for line in table(rows, [("bold",), ()], style):
            print("  " + line)
    return 0


def cmd_mkdocs(args: argparse.Namespace, style: Style) -> int:
    """kb build / kb serve: mkdocs with the kb plugin, as configured in mkdocs.yml."""
    import subprocess

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    command = [sys.executable, "-m", "mkdocs", args.command, *args.mkdocs_args]
    if args.command == "serve" and "--no-dirty" not in args.mkdocs_args:
        # the kb plugin rebuilds only the pages an edit shows on (see KbPlugin._affected)
        command.append("--dirty")
    else:
        command = [a for a in command if a != "--no-dirty"]
    if args.strict:
        command.append("--strict")
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # become mkdocs: a signal to kb (a terminal closing, a process manager stopping it)
        # reaches the server itself instead of leaving it running without its parent
        os.execv(sys.executable, command)
    return subprocess.call(command)


NOTE_TEMPLATE = """---
title: {title}
date: {date}
tags: [{tags}]
---

{body}"""


def cmd_new(args: argparse.Namespace, style: Style) -> int:
    root = _vault_root(args)
    title = args.title.strip()
    if not title:
        raise CLIError("a note needs a title")
    import datetime as dt
    import json

    now = dt.datetime.now().astimezone().replace(microsecond=0)
    tags = []
    for t in args.tags or []:
        for name in t.replace(",", " ").split():
            from ..core.parse import clean_tag

            clean = clean_tag(name)
            if clean is None:
                raise CLIError(f"not a valid tag: {name!r}")
            tags.append(clean)
    body = ""
    if args.template:
        try:
            body = Path(args.template).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise CLIError(f"cannot read template {args.template}: {err}") from err
        body = (body.replace("{{title}}", title).replace("{{date}}", now.date().isoformat())
                .replace("{{time}}", now.strftime("%H:%M")))
    folder = root / args.dir if args.dir else root
    if not folder.resolve().is_relative_to(root.resolve()):
        raise CLIError(f"--dir {args.dir}: that folder is outside the vault ({root})")
    if any(part.startswith(".") for part in folder.resolve().relative_to(root.resolve()).parts):
        raise CLIError(f"--dir {args.dir}: a hidden folder, where kb reads no notes")
    path = folder / f"{now.date().isoformat()}-{safe_filename(title)}.md"
    if path.exists():
        raise CLIError(f"{path} already exists; not overwriting it")
    text = NOTE_TEMPLATE.format(title=json.dumps(title, ensure_ascii=False),
                                date=now.isoformat(), tags=", ".join(tags), body=body)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as fh:  # "x": never clobber a note
            fh.write(text)
    except FileExistsError as err:
        raise CLIError(f"{path} already exists; not overwriting it") from err
    if args.json:
        _emit_json({"path": path.relative_to(root).as_posix(), "file": path.as_posix(),
                    "title": title, "date": now.isoformat(), "tags": tags})
    else:
        print(path.as_posix())
    return 0


# ---------------------------------------------------------------------------------------------


COMMANDS = ("tags", "find", "show", "check", "extract", "build", "serve", "import", "bench", "new")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, just that command's part (``kb find`` starts faster)."""
    import argparse

    def want(name: str) -> bool:
        return only is None or only == name

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--vault", metavar="DIR", default=argparse.SUPPRESS,
                        help="the notes folder (default: docs_dir of ./mkdocs.yml)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="machine-readable output")
    common.add_argument("--color", choices=("auto", "always", "never"),
                        default=argparse.SUPPRESS, help="colour output (default: auto)")

    parser = argparse.ArgumentParser(
        prog="kb", parents=[common],
        description="kb: query, check and grow an Obsidian-style study-notes vault.")
    parser.add_argument("--version", action="version", version=f"kb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    if want("tags"):
        p = sub.add_parser("tags", parents=[common], help="tags with counts, nested tags grouped")
        p.add_argument("--sort", choices=("name", "count"), default="name")
        p.set_defaults(func=cmd_tags)

    if want("find"):
        p = sub.add_parser("find", parents=[common], help="notes matching a query, newest first",
                           description="Query: #tag, -#tag, A OR B, (…), words, \"a phrase\", "
                                       "title:, path:, tag:, date:2024-08, date:>=2024-08-01.")
        p.add_argument("query", nargs="+", help="e.g. '#lstm -#gru' or '遗忘门'")
        p.add_argument("--limit", type=int, default=0,
                       help="at most this many notes (0: all)")
        p.add_argument("--no-index", action="store_true",
                       help="read every note instead of the index in .kb/cache/index.sqlite")
        p.set_defaults(func=cmd_find)

    if want("show"):
        p = sub.add_parser("show", parents=[common],
                           help="a note's metadata, links, backlinks and unresolved links")
        p.add_argument("note", help="path, file name, title or alias")
        p.set_defaults(func=cmd_show)

    if want("check"):
        p = sub.add_parser("check", parents=[common],
                           help="every problem in the vault as path:line: message (exit 1 if any)")
        p.set_defaults(func=cmd_check)

    if want("extract"):
        p = sub.add_parser("extract", parents=[common],
                           help="write every note's code to snippets/<note>.py (jupytext percent)")
        p.add_argument("--check", action="store_true",
                       help="write nothing; exit 1 if snippets/ is stale")
        p.add_argument("--out", help="the snippets folder (default: snippets/ beside mkdocs.yml)")
        p.set_defaults(func=cmd_extract)

    for name, text in (("build", "build the site (mkdocs build with the kb plugin)"),
                       ("serve", "preview the site, rebuilding only the pages an edit affects "
                                 "(mkdocs serve --dirty; --no-dirty for full rebuilds)")):
        if not want(name):
            continue
        p = sub.add_parser(name, help=text)
        p.add_argument("--strict", action="store_true", help="fail on warnings (broken links)")
        p.add_argument("mkdocs_args", nargs=argparse.REMAINDER,
                       help="passed on to mkdocs (e.g. -d DIR, -a 127.0.0.1:8001)")
        p.set_defaults(func=cmd_mkdocs)

    if want("import"):
        p = sub.add_parser("import", parents=[common],
                           help="turn 今日內容 digests or clipped web pages into notes")
        p.add_argument("kind", choices=("digest", "clip"))
        p.add_argument("files", nargs="+", metavar="FILE")
        p.add_argument("--dest", help="folder for the notes (default: daily/ or clippings/ "
                                      "in the vault)")
        p.add_argument("--dry-run", action="store_true", help="show what would be written")
        p.add_argument("--force", action="store_true",
                       help="overwrite notes edited since they were imported")
        p.add_argument("--accept-tags", action="store_true",
                       help="clippings: apply the tags suggested from the vault's tags")
        p.set_defaults(func=cmd_import)

    if want("bench"):
        p = sub.add_parser("bench", parents=[common],
                           help="measure kb's speed on synthetic vaults (see BENCHMARKS.md)")
        p.add_argument("--quick", action="store_true", help="small sizes, no snippet run (for CI)")
        p.add_argument("--sizes", help="vault sizes, e.g. 1000,10000,50000")
        p.add_argument("--no-site", action="store_true",
                       help="leave out the site figures (three builds per size, search in Chromium)")
        p.add_argument("--site-only", action="store_true", help="only the site figures")
        p.add_argument("--code-from", action="append", metavar="DIR",
                       help="also score the importer on the Python of a real vault or "
                       "repository (Markdown blocks, notebook cells, .py files); repeatable")
        p.set_defaults(func=cmd_bench)

    if want("new"):
        p = sub.add_parser("new", parents=[common], help="create a note for today; prints its path")
        p.add_argument("title")
        p.add_argument("--tags", action="append", help="tags, comma or space separated")
        p.add_argument("--dir", help="sub-folder of the vault")
        p.add_argument("--template",
                       help="a Markdown file for the body ({{title}} {{date}} {{time}})")
        p.set_defaults(func=cmd_new)
    return parser


_FIND_VALUE_OPTIONS = {"--vault", "--color", "--limit"}
_FIND_FLAG_OPTIONS = {"--json", "-h", "--help", "--no-index"}


def _parse(argv: list[str]) -> Any:
    """The options by the argparse parser, or the exit code when there is nothing to run."""
    import argparse

    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    if argv and argv[0] in ("build", "serve") and not {"-h", "--help"} & set(argv):
        # everything after the command goes to mkdocs as it is
        rest = [a for a in argv[1:] if a != "--strict"]
        ns = argparse.Namespace(command=argv[0], strict="--strict" in argv, mkdocs_args=rest,
                                vault=None, json=False, color="auto")
        return cmd_mkdocs(ns, Style(False))
    args = parser.parse_args(_query_terms_last(argv))
    for name, default in (("vault", None), ("json", False), ("color", "auto")):
        if not hasattr(args, name):
            setattr(args, name, default)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args


def _split_find(rest: list[str]) -> tuple[list[tuple[str, str | None, list[str]]], list[str]]:
    """``kb find``'s arguments (after ``find``) as (options, query terms): the one reading of
    which words are options. Each option is (name, value or None, the tokens it took); a
    value option at the end with no value has value None. Words that start with ``-`` but
    are not kb find's options are query terms (``'-#gru'``), and so is everything after ``--``."""
    options: list[tuple[str, str | None, list[str]]] = []
    terms: list[str] = []
    j = 0
    while j < len(rest):
        tok = rest[j]
        name, eq, value = tok.partition("=")
        if tok == "--":
            terms.extend(rest[j + 1:])
            break
        if name in _FIND_VALUE_OPTIONS:
            if eq:
                options.append((name, value, [tok]))
            elif j + 1 < len(rest):
                options.append((name, rest[j + 1], [tok, rest[j + 1]]))
                j += 1
            else:
                options.append((name, None, [tok]))
        elif tok in _FIND_FLAG_OPTIONS:
            options.append((tok, None, [tok]))
        else:
            terms.append(tok)
        j += 1
    return options, terms


def _query_terms_last(argv: list[str]) -> list[str]:
    """Let ``kb find '#rnn' '-#gru'`` work: query words starting with '-' are not options."""
    if "find" not in argv:
        return argv
    i = argv.index("find")
    options, terms = _split_find(argv[i + 1:])
    return argv[: i + 1] + [t for _, _, toks in options for t in toks] + (
        ["--", *terms] if terms else [])


class _Args:
    """Parsed options, as argparse's Namespace holds them."""

    def __init__(self, **values: Any):
        self.__dict__.update(values)


def _plain_find_args(rest: list[str]) -> _Args | None:
    """``kb find``'s options read without argparse (whose import and set-up are a tenth of a
    warm query), or ``None`` for anything but plain use (help, a bad value, no query), which
    then goes to the argparse parser and its messages. The tests check both agree."""
    values: dict[str, Any] = {"command": "find", "func": cmd_find, "vault": None, "json": False,
                              "color": "auto", "limit": 0, "no_index": False}
    options, values["query"] = _split_find(rest)
    for name, value, _ in options:
        if name in ("-h", "--help") or (name in _FIND_VALUE_OPTIONS and value is None):
            return None
        if name == "--limit":
            if not value.strip().lstrip("-").isdigit():
                return None
            values["limit"] = int(value)
        elif name == "--color":
            if value not in ("auto", "always", "never"):
                return None
            values["color"] = value
        elif name == "--vault":
            values["vault"] = value
        else:
            values[name[2:].replace("-", "_")] = True
    return _Args(**values) if values["query"] else None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _plain_find_args(argv[1:]) if argv[:1] == ["find"] else None
    if args is None:
        args = _parse(argv)
        if isinstance(args, int):
            return args
    style = Style(use_colour(sys.stdout, args.color) and not args.json)
    try:
        return args.func(args, style)
    except CLIError as err:
        print(f"kb: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `kb find x | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def run() -> None:
    """The ``kb`` program: :func:`main`, then exit. ``kb find`` leaves straight after its
    output is flushed: it holds nothing that needs tidying (its index is closed), and the
    interpreter's teardown would add a tenth to a warm query."""
    argv = sys.argv[1:]
    code = main(argv)
    if argv[:1] == ["find"]:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # `kb find x | head`
            pass
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
