"""Write synthetic model cards of 1 KB … 10 MB for the algorithmic-bound check of scripts/bench.

Usage: synthetic.py OUT_DIR

Two shapes per size (the model-index one up to 1 MB, the front-matter limit): `sections` (a short front matter and a long body of many sections with
paragraphs, lists, code and tables) and `model-index` (a front matter dominated by a large
model-index, short body). File names: SIZE-KIND.md, SIZE in KB, zero-padded.
"""

import os
import sys

SIZES_KB = [1, 10, 100, 1000, 10000]

HEAD = """---
license: apache-2.0
language:
- en
library_name: transformers
pipeline_tag: text-classification
tags:
- synthetic
base_model: google-bert/bert-base-uncased
datasets:
- stanfordnlp/imdb
"""


def section(i: int) -> str:
    return f"""
## Section {i}

Some prose about part {i} of the model, with `inline code`, a [link](https://example.com/{i})
and *emphasis*. The model was trained for {i} steps on a single GPU.

- item one of {i}
- item two of {i}

```python
print({i})
```

| metric | value |
|---|---|
| accuracy | 0.{i % 100:02d} |
"""


def body(target: int) -> str:
    parts = ["\n# Synthetic model\n", "\n## Usage\n\nRun it.\n", "\n## Training\n\nTrained.\n"]
    n = sum(map(len, parts))
    i = 0
    while n < target:
        s = section(i)
        parts.append(s)
        n += len(s)
        i += 1
    return "".join(parts)


def result(i: int) -> str:
    return f"""  - task:
      type: text-classification
      name: Text Classification
    dataset:
      name: dataset {i}
      type: org/dataset-{i}
      split: test
    metrics:
    - type: accuracy
      value: 0.{i % 1000:03d}
      name: Accuracy
    - type: f1
      value: 0.{(i * 7) % 1000:03d}
"""


def model_index(target: int) -> str:
    parts = ["model-index:\n- name: synthetic\n  results:\n"]
    n = len(parts[0])
    i = 0
    while n < target:
        r = result(i)
        parts.append(r)
        n += len(r)
        i += 1
    return "".join(parts)


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for kb in SIZES_KB:
        size = kb * 1024
        sections = HEAD + "---\n" + body(size - len(HEAD) - 4)
        mi = HEAD + model_index(size - len(HEAD) - 300) + "---\n" + body(200)
        shapes = [("sections", sections)]
        if kb <= 1000:  # front matter above 1 MiB is a CG006 limit finding, not parsed
            shapes.append(("model-index", mi))
        for kind, text in shapes:
            path = os.path.join(out, f"{kb:05d}-{kind}.md")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(path)


if __name__ == "__main__":
    main()
