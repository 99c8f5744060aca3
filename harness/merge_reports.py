"""One report from the shards' reports: `python -m harness.merge_reports reports/shard-*/ -o reports/`.

Each shard's folder holds what its run wrote: junit.xml, cucumber.json (and its index.html,
traces/). The merge writes into the output folder:
- cucumber.json: every shard's features, one per URI (a feature split across shards has all
  its scenarios again, in line order);
- junit.xml: one <testsuites>, its test suites of the same name made one, their counts and
  times summed (time: the runners' total, not the wall time);
- index.html: rebuilt from the merged cucumber.json (harness.html_report), so its counts and
  the guide's matrix are the whole run's; a failed scenario links to its shard's trace.
A shard folder without its two files, an unreadable file, or a scenario found in two shards
stops the merge (exit 4) before anything is written.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_services.cli import ArgumentParser, fail, os_reason

from . import traceability
from .html_report import guess_artifacts, summary_lines
from .report_data import guide_and_scenarios
from .report_page import write_report

JUNIT, CUCUMBER, HTML = "junit.xml", "cucumber.json", "index.html"
COUNTS = ("tests", "failures", "errors", "skipped")


class MergeError(Exception):
    """Why the shards' reports cannot be merged, in French."""


@dataclass
class Shard:
    folder: Path
    features: list[dict[str, Any]]
    junit: ET.Element  # <testsuites>


def read_shard(folder: Path) -> Shard:
    if not folder.is_dir():
        raise MergeError(f"« {folder} » n'est pas un dossier de rapports de lot")
    try:
        features = json.loads((folder / CUCUMBER).read_text(encoding="utf-8"))
        junit = ET.parse(folder / JUNIT).getroot()
    except OSError as err:
        raise MergeError(f"« {err.filename} » : {os_reason(err)} ; le lot a-t-il fini (--cucumber-report="
                         f"{folder / CUCUMBER} --junitxml={folder / JUNIT}) ?") from None
    except (ValueError, ET.ParseError) as err:  # not JSON / not UTF-8 / not XML
        raise MergeError(f"un rapport de « {folder} » est illisible ({err})") from None
    if not isinstance(features, list):
        raise MergeError(f"« {folder / CUCUMBER} » n'est pas un rapport Cucumber JSON (liste de fonctionnalités)")
    if junit.tag == "testsuite":  # a lone suite
        wrapper = ET.Element("testsuites")
        wrapper.append(junit)
        junit = wrapper
    return Shard(folder, features, junit)


def merge_cucumber(shards: list[Shard]) -> list[dict[str, Any]]:
    features: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, str], Path] = {}
    for shard in shards:
        for feature in shard.features:
            uri = feature.get("uri", "")
            merged = features.setdefault(uri, {**feature, "elements": []})
            for element in feature.get("elements", []):
                key = (uri, element.get("id", ""))
                if key in seen and element.get("type", "scenario") != "background":
                    raise MergeError(f"le scénario « {element.get('name', '')} » ({uri}) est dans deux lots, "
                                     f"« {seen[key]} » et « {shard.folder} » : chaque lot doit avoir son --group")
                seen[key] = shard.folder
                merged["elements"].append(element)
    for feature in features.values():
        feature["elements"].sort(key=lambda e: (e.get("line", 0), e.get("name", ""), e.get("id", "")))
    return [features[uri] for uri in sorted(features)]


def merge_junit(shards: list[Shard]) -> ET.Element:
    root = ET.Element("testsuites", dict(shards[0].junit.attrib) if shards else {})
    suites: dict[str, ET.Element] = {}
    seen: dict[tuple[str, str], Path] = {}
    for shard in shards:
        for suite in shard.junit.findall("testsuite"):
            merged = suites.get(suite.get("name", ""))
            if merged is None:
                merged = suites[suite.get("name", "")] = ET.SubElement(root, "testsuite", dict(suite.attrib))
            else:
                for name in COUNTS:
                    merged.set(name, str(int(merged.get(name, "0")) + int(suite.get(name, "0"))))
                merged.set("time", f"{float(merged.get('time', '0')) + float(suite.get('time', '0')):.3f}")
                if suite.get("timestamp", "") and suite.get("timestamp", "") < merged.get("timestamp", "~"):
                    merged.set("timestamp", suite.get("timestamp", ""))
            for child in suite:
                if child.tag == "testcase":
                    key = (child.get("classname", ""), child.get("name", ""))
                    if key in seen:
                        raise MergeError(f"le test « {key[1]} » est dans deux lots, « {seen[key]} » et "
                                         f"« {shard.folder} » : chaque lot doit avoir son --group")
                    seen[key] = shard.folder
                merged.append(child)
    for name in COUNTS:
        root.set(name, str(sum(int(s.get(name, "0")) for s in suites.values())))
    root.set("time", f"{sum(float(s.get('time', '0')) for s in suites.values()):.3f}")
    return root


def wall_seconds(shards: list[Shard]) -> float | None:
    """The longest shard's time: the runners ran side by side."""
    times = [float(s.get("time", "0")) for shard in shards for s in shard.junit.findall("testsuite")]
    return max(times) if times else None


def merge(folders: list[Path], output: Path, *, guide: Path, features_dir: Path, base_dir: Path) -> list[str]:
    """Write the merged reports into `output`; the terminal summary's lines."""
    shards = [read_shard(folder) for folder in folders]
    features = merge_cucumber(shards)
    junit = merge_junit(shards)
    artifacts = {}
    for shard in shards:
        artifacts.update(guess_artifacts(shard.features, shard.folder / "traces", base_dir))
    output.mkdir(parents=True, exist_ok=True)
    (output / CUCUMBER).write_text(json.dumps(features, ensure_ascii=False, indent=2), encoding="utf-8")
    ET.indent(junit)
    ET.ElementTree(junit).write(output / JUNIT, encoding="utf-8", xml_declaration=True)
    folders_text = ", ".join(shard.folder.as_posix() for shard in shards)
    html = write_report(output / HTML, features, guide_path=guide, features_dir=features_dir, root=traceability.ROOT,
                        artifacts=artifacts, wall_seconds=wall_seconds(shards), base_dir=base_dir,
                        subject=f"Passage réparti en {len(shards)} lot(s), réunis ici : {folders_text}")
    loaded, scanned, _ = guide_and_scenarios(guide, features_dir, traceability.ROOT)
    shown = html.relative_to(base_dir).as_posix() if html.is_relative_to(base_dir) else str(html)
    return [text for text, _ in summary_lines(features, shown, guide=loaded, scanned=scanned,
                                              wall_seconds=wall_seconds(shards), artifacts=artifacts)]


def main(argv: Iterable[str] | None = None) -> int:
    parser = ArgumentParser(
        prog="python -m harness.merge_reports",
        description="Réunit les rapports des lots (junit.xml, cucumber.json) en un seul rapport, "
                    "index.html compris.")
    parser.add_argument("lots", nargs="+", metavar="LOT", help="les dossiers des lots, par exemple reports/shard-*/")
    parser.add_argument("-o", "--output", metavar="DOSSIER", default="reports",
                        help="dossier du rapport réuni (par défaut : reports)")
    parser.add_argument("--guide", metavar="FICHIER", default=str(traceability.GUIDE),
                        help="les énoncés du guide (par défaut : features/guide.toml)")
    parser.add_argument("--features", metavar="DOSSIER", default=str(traceability.FEATURES),
                        help="les fichiers .feature, pour la matrice du guide (par défaut : features)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    output = Path(args.output)
    folders = [Path(f) for f in args.lots]
    if output.resolve() in {f.resolve() for f in folders}:
        return fail(parser.prog, f"« {output} » est aussi un dossier de lot ; choisissez un autre dossier (-o)")
    try:
        lines = merge(folders, output, guide=Path(args.guide), features_dir=Path(args.features),
                      base_dir=Path.cwd())
    except MergeError as err:
        return fail(parser.prog, str(err))
    except OSError as err:
        return fail(parser.prog, f"« {err.filename or output} » : {os_reason(err)}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
