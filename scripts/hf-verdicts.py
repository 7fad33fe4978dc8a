#!/usr/bin/env python3
"""What the official client (huggingface_hub + PyYAML) decides about every card in the corpus.

Run with the venv python (scripts/setup-python):

    target/venv/bin/python scripts/hf-verdicts.py [--corpus DIR] [--out FILE|-]

The corpus defaults to $CARDGEN_CORPUS, else ../shared/corpus next to the repository root. The
output (default tests/data/hf-verdicts.tsv) has one row per card, in MANIFEST.tsv order:

  path        card path relative to the corpus directory
  decode      ok, or the exception class of reading the file as RepoCard.load does
              (encoding="utf-8-sig", newline="")
  front_matter  yes/no: huggingface_hub.repocard.REGEX_YAML_BLOCK.search matched
  yaml_fnv    FNV-1a 64 (hex) of the UTF-8 bytes of the regex's group 2, or -
  yaml        ok, or the exception class raised by yaml.safe_load(group 2), or -
  mapping     yes/no: the loaded value is a dict or None (RepoCard's check), or -
  value_fnv   FNV-1a 64 of the canonical JSON of the loaded value (see canonical()), or
              "recursive" for a self-referencing value, or -
  modelcard   ok, or the exception class raised by ModelCard(content) (informational)

tests/it/hf_interop.rs recomputes every column with cardgen and requires agreement; the canonical
form below is reproduced there exactly, and scripts/pyyaml-canon.py shares it (imports it).
"""

import argparse
import datetime
import hashlib
import inspect
import json
import logging
import os
import platform
import struct
import sys
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import huggingface_hub  # noqa: E402
from huggingface_hub import ModelCard  # noqa: E402
from huggingface_hub import repocard  # noqa: E402

# The exact module huggingface_hub calls `yaml.safe_load` on.
yaml = repocard.yaml

ROOT = Path(__file__).resolve().parent.parent
I64_MIN, I64_MAX = -(2**63), 2**63 - 1


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


class Recursive(Exception):
    """The loaded value contains itself (a recursive alias)."""


def f64_text(f: float) -> str:
    # Every NaN is one value: PyYAML's NaN is `-inf/inf`, whose bit pattern depends on the CPU.
    if f != f:
        return "f64:nan"
    return "f64:%d" % struct.unpack("<Q", struct.pack("<d", f))[0]


def int_text(v: int) -> str:
    """Decimal text of any int. PyYAML itself is bound by Python's limit on decimal digits when
    it parses (a longer decimal literal fails to load), but a hex literal can build a larger int;
    writing that one out must not fail."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    if limit:
        sys.set_int_max_str_digits(0)
    try:
        return str(v)
    finally:
        if limit:
            sys.set_int_max_str_digits(limit)


def canonical_key(k):
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int_text(k)
    if isinstance(k, float):
        return f64_text(k)
    if isinstance(k, (datetime.date, datetime.datetime)):
        return "timestamp"
    if isinstance(k, bytes):
        return "binary"
    raise TypeError(f"unexpected key type {type(k).__name__}")


def canonical(v, path=()):
    """A JSON-serialisable form of a safe_load value that Rust can rebuild exactly.

    dict -> object with keys: str as is, bool "true"/"false", None "null", int decimal,
    float "f64:<IEEE-754 bits as decimal u64>" (NaN: "f64:nan"), date/datetime "timestamp",
    bytes "binary" (later keys win when two convert to the same text);
    list/tuple -> array; set -> array sorted by each item's JSON text;
    values: float "f64:<bits>", date/datetime "timestamp", bytes "binary",
    int outside i64 "bigint:<decimal>"; str, bool, None, other ints as JSON.
    """
    if isinstance(v, (dict, list, tuple, set)):
        if any(v is p for p in path):
            raise Recursive()
        path = path + (v,)
    if isinstance(v, dict):
        return {canonical_key(k): canonical(x, path) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [canonical(x, path) for x in v]
    if isinstance(v, set):
        items = [canonical(x, path) for x in v]
        return sorted(items, key=dumps)
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, int):
        return v if I64_MIN <= v <= I64_MAX else f"bigint:{int_text(v)}"
    if isinstance(v, float):
        return f64_text(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return "timestamp"
    if isinstance(v, bytes):
        return "binary"
    raise TypeError(f"unexpected value type {type(v).__name__}")


def dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def value_fnv(value) -> str:
    try:
        text = dumps(canonical(value))
    except Recursive:
        return "recursive"
    # A "\ud800" escape in a double-quoted scalar gives a lone surrogate; keep it hashable.
    return fnv1a64(text.encode("utf-8", "surrogatepass"))


def load_yaml(src: str):
    """(yaml verdict, mapping verdict, value_fnv) for one YAML text, as huggingface_hub sees it."""
    try:
        data = yaml.safe_load(src)
    except Exception as e:  # noqa: BLE001 - the class name is the verdict
        return type(e).__name__, "-", "-"
    mapping = "yes" if data is None or isinstance(data, dict) else "no"
    return "ok", mapping, value_fnv(data)


def check_load_source():
    """Fail loudly if RepoCard.load stops reading files the way this script does."""
    src = inspect.getsource(repocard.RepoCard.load)
    for needle in ('newline=""', 'encoding="utf-8-sig"'):
        if needle not in src:
            sys.exit(f"hf-verdicts: RepoCard.load no longer reads with {needle}; update this script")


def verdict(card: Path) -> list:
    # RepoCard.load: card_path.open(mode="r", newline="", encoding="utf-8-sig").read()
    try:
        with card.open(mode="r", newline="", encoding="utf-8-sig") as f:
            content = f.read()
    except UnicodeError as e:
        return [type(e).__name__, "-", "-", "-", "-", "-", "-"]
    match = repocard.REGEX_YAML_BLOCK.search(content)
    if match:
        block = match.group(2)
        fm, yfnv = "yes", fnv1a64(block.encode("utf-8", "surrogatepass"))
        y, mapping, vfnv = load_yaml(block)
    else:
        fm, yfnv, y, mapping, vfnv = "no", "-", "-", "-", "-"
    try:
        ModelCard(content)
        mc = "ok"
    except Exception as e:  # noqa: BLE001
        mc = type(e).__name__
    return ["ok", fm, yfnv, y, mapping, vfnv, mc]


def default_corpus() -> Path:
    env = os.environ.get("CARDGEN_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--out", default=str(ROOT / "tests" / "data" / "hf-verdicts.tsv"))
    args = ap.parse_args()

    check_load_source()
    logging.getLogger("huggingface_hub").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")

    manifest = (args.corpus / "MANIFEST.tsv").read_bytes()
    lines = manifest.decode("utf-8").splitlines()
    col = lines[0].split("\t").index("local_path")
    paths = [line.split("\t")[col] for line in lines[1:] if line]

    out = [
        f"# hf-verdicts: huggingface_hub {huggingface_hub.__version__}, PyYAML {yaml.__version__}, "
        f"Python {platform.python_version()}; MANIFEST.tsv sha256 "
        f"{hashlib.sha256(manifest).hexdigest()} ({len(paths)} cards); "
        "regenerate with target/venv/bin/python scripts/hf-verdicts.py",
        "path\tdecode\tfront_matter\tyaml_fnv\tyaml\tmapping\tvalue_fnv\tmodelcard",
    ]
    for p in paths:
        out.append("\t".join([p] + verdict(args.corpus / p)))
    text = "\n".join(out) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
