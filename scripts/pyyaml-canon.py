#!/usr/bin/env python3
"""PyYAML's verdict on YAML snippets, for tests/it/hf_interop_live.rs.

Reads JSON lines from stdin, each a JSON string holding one YAML text. For each, writes one JSON
line: {"yaml": "ok" or the exception class, "error": message or null, "mapping": "yes"/"no"/"-",
"value_fnv": hash or "-", "canonical": canonical JSON text or null}. The YAML is loaded exactly as
huggingface_hub loads front matter (`yaml.safe_load` of the text); the canonical form and hash
are the ones in scripts/hf-verdicts.py.

Run with the venv python: target/venv/bin/python scripts/pyyaml-canon.py < snippets.jsonl
"""

import importlib.util
import json
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "hf_verdicts", Path(__file__).resolve().parent / "hf-verdicts.py"
)
hv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hv)


def verdict(src: str) -> dict:
    try:
        data = hv.yaml.safe_load(src)
    except Exception as e:  # noqa: BLE001 - the class name is the verdict
        msg = " ".join(str(e).split())
        return {"yaml": type(e).__name__, "error": msg, "mapping": "-", "value_fnv": "-",
                "canonical": None}
    mapping = "yes" if data is None or isinstance(data, dict) else "no"
    try:
        canon = hv.dumps(hv.canonical(data))
    except hv.Recursive:
        return {"yaml": "ok", "error": None, "mapping": mapping, "value_fnv": "recursive",
                "canonical": None}
    return {"yaml": "ok", "error": None, "mapping": mapping,
            "value_fnv": hv.fnv1a64(canon.encode("utf-8", "surrogatepass")),
            "canonical": canon.encode("utf-8", "surrogatepass").decode("utf-8", "replace")}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(json.dumps(verdict(json.loads(line)), ensure_ascii=True) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
