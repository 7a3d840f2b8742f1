"""Time ``mayak validate`` on a rule set of 200 indicator specs against a hand-written floor.

A generator writes, into a temporary folder, a realistic rule set built from
``rules/kaliningrad`` and ``indicators/``: the four dataset specs, ``--indicators`` indicator
specs (copies of the five real ones under new ids, every tenth one's formula also naming an
earlier indicator), the applications and admission specs (an indicator counts the admitted),
a targets file with a planned value for each, and a ruleset file. Then,
in the same run and alternating, it times two whole processes:

- ``mayak validate <folder>``;
- the floor: a Python process that reads the same YAML files with ``yaml.CSafeLoader`` and
  validates each with a jsonschema validator per spec kind, built once. It checks no
  references, positions or expressions: it is what no validator can go below.

It prints the median wall time of each and the ratio; in brackets, the same for CPU time
(user + system), steadier than wall time on a busy machine. This is a measurement, not a test: it
exits 0 whatever the numbers, and non-zero only when ``mayak validate`` fails.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _common import measure_processes

ROOT = Path(__file__).resolve().parent.parent
MAYAK = Path(sys.executable).parent / "mayak"
INDICATORS = ROOT / "indicators"
RULES = ROOT / "rules" / "kaliningrad"
TARGETS = RULES / "targets-2023.yaml"
SCREENING = ("applications.yaml", "rma-admission.yaml")

FLOOR = """
import json, sys
from pathlib import Path
import jsonschema, yaml
folder = Path(sys.argv[1])
schemas = Path(sys.argv[2])
validators = {}
count = 0
for path in sorted(folder.rglob("*.yaml")):
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    kind = data["kind"]
    if kind not in validators:
        schema = json.loads((schemas / f"{kind}.schema.json").read_text("utf-8"))
        validators[kind] = jsonschema.Draft202012Validator(schema)
    errors = list(validators[kind].iter_errors(data))
    assert not errors, (path, errors[0].message)
    count += 1
print(count)
"""


def _planned() -> dict[str, str]:
    """The planned value of each real indicator, as written in the Kaliningrad targets."""
    found = re.findall(r"^  (\w+):\n    planned: (.+)$", TARGETS.read_text("utf-8"), re.M)
    return dict(found)


def generate(folder: Path, count: int) -> None:
    """Write a rule set of ``count`` indicators (plus datasets, targets, ruleset) to ``folder``."""
    shutil.copytree(INDICATORS / "datasets", folder / "datasets")
    for name in SCREENING:  # the screening's dataset «rma» is counted by an indicator
        shutil.copy(RULES / name, folder / "datasets" / name)
    originals = sorted(INDICATORS.glob("*.yaml"))
    planned = _planned()
    ids: list[str] = []
    (folder / "indicators").mkdir()
    for number in range(count):
        source = originals[number % len(originals)]
        base = source.stem
        new_id = f"{base}_{number:03d}"
        body = source.read_text("utf-8").replace(f"id: {base}\n", f"id: {new_id}\n", 1)
        if number % 10 == 9 and ids:  # a composite indicator: its formula names another
            body = re.sub(r"^formula: (.+)$", rf"formula: (\1) + 0 * {ids[-1]}", body,
                          count=1, flags=re.M)
        (folder / "indicators" / f"{new_id}.yaml").write_text(body, "utf-8")
        ids.append(new_id)
    lines = ["kind: targets", "id: bench-2023", "title: Плановые значения", "period: 2023",
             "targets:"]
    for new_id in ids:
        lines += [f"  {new_id}:", f"    planned: {planned[new_id.rsplit('_', 1)[0]]}"]
    (folder / "targets.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "ruleset.yaml").write_text(
        "kind: ruleset\nid: bench\ntitle: Правила для замера\ninclude:\n  - indicators\n"
        "  - datasets\n  - targets.yaml\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time mayak validate against a floor.")
    parser.add_argument("--indicators", type=int, default=200, help="indicator specs")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (median)")
    parser.add_argument("--keep", type=Path, help="write the rule set here and keep it")
    args = parser.parse_args(argv)
    if args.indicators < 1 or args.repeat < 1:
        parser.error("--indicators and --repeat must be >= 1")
    with tempfile.TemporaryDirectory(prefix="mayak-bench-") as temporary:
        folder = args.keep or Path(temporary) / "rules"
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, args.indicators)
        schemas = ROOT / "engine" / "mayak" / "spec" / "schemas"
        runs = {
            "mayak validate": [str(MAYAK), "validate", str(folder)],
            "floor (CSafeLoader + jsonschema)": [sys.executable, "-c", FLOOR, str(folder),
                                                 str(schemas)],
        }
        timings = measure_processes(runs, args.repeat, ROOT, lang="en")
    files = args.indicators + 4 + len(SCREENING) + 2
    print(f"rule set: {args.indicators} indicators, {files} YAML files; "
          f"median of {args.repeat} runs: wall (CPU)")
    wall = {name: timing.wall for name, timing in timings.items()}
    cpu = {name: timing.cpu for name, timing in timings.items()}
    for name in runs:
        print(f"  {name:<34} {wall[name]:6.3f} s  ({cpu[name]:.3f} s)")
    mayak, floor = runs
    print(f"  ratio mayak / floor: {wall[mayak] / wall[floor]:.2f} "
          f"({cpu[mayak] / cpu[floor]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
