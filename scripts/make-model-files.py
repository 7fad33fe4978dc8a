"""Write tiny model files with the official writers, for cardgen's tests (tests/it/quantized.rs).

  make-model-files.py gguf DIR         a tiny Llama in four GGUF quantizations: Q4_0, Q5_0 and
                                       Q8_0 as one file each, BF16 split into three files
  make-model-files.py mmproj DIR       a tiny vision projector (architecture `clip`) in F16, as
                                       llama.cpp's converters write them beside the model files
  make-model-files.py safetensors DIR  a tiny state dict as sharded safetensors files with
                                       model.safetensors.index.json

GGUF files are written by `gguf` (llama.cpp's gguf-py: GGUFWriter, its quantizers, its naming
convention and split naming, as convert_hf_to_gguf.py and llama-gguf-split use them); safetensors
files by `safetensors` and sharded by `huggingface_hub`'s own splitter. Weights are seeded random
numbers: the files are a few kilobytes, nothing is downloaded, and every run writes the same bytes.
Run it with the project venv: target/venv/bin/python scripts/make-model-files.py ...
"""

import json
import sys
from pathlib import Path

import numpy as np

# A ChatML template as Qwen2.5 and many fine-tunes ship it (trimmed of tool calls).
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}"
    "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}"
    "{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

HIDDEN, FF, VOCAB, LAYERS, CONTEXT = 64, 128, 96, 2, 2048


def weights(seed: int = 0) -> dict:
    """A tiny Llama's tensors in GGUF naming, float32, GGML order (rows of HIDDEN)."""
    rng = np.random.default_rng(seed)
    w = lambda *shape: rng.standard_normal(shape, dtype=np.float32) * 0.02  # noqa: E731
    t = {"token_embd.weight": w(VOCAB, HIDDEN)}
    for i in range(LAYERS):
        t[f"blk.{i}.attn_norm.weight"] = np.ones(HIDDEN, dtype=np.float32)
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            t[f"blk.{i}.{name}.weight"] = w(HIDDEN, HIDDEN)
        t[f"blk.{i}.ffn_norm.weight"] = np.ones(HIDDEN, dtype=np.float32)
        t[f"blk.{i}.ffn_gate.weight"] = w(FF, HIDDEN)
        t[f"blk.{i}.ffn_up.weight"] = w(FF, HIDDEN)
        t[f"blk.{i}.ffn_down.weight"] = w(HIDDEN, FF)
    t["output_norm.weight"] = np.ones(HIDDEN, dtype=np.float32)
    t["output.weight"] = w(VOCAB, HIDDEN)
    return t


def tokens() -> list:
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    return specials + [f"tok{i}" for i in range(VOCAB - len(specials))]


def write_gguf(out: Path, qtype, ftype, split_max_tensors: int = 0) -> list:
    import gguf

    tensors = weights()
    total = sum(int(np.prod(a.shape)) for a in tensors.values())
    size_label = gguf.size_label(total, total, 0, 0)
    stem = gguf.naming_convention(
        "Tiny Llama", "Tiny-Llama", "Instruct", None, size_label, qtype.name
    )
    writer = gguf.GGUFWriter(
        out / f"{stem}.gguf", "llama", split_max_tensors=split_max_tensors
    )
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name("Tiny Llama Instruct")
    writer.add_basename("Tiny-Llama")
    writer.add_finetune("Instruct")
    writer.add_size_label(size_label)
    writer.add_organization("Cardgen Tests")
    writer.add_license("apache-2.0")
    writer.add_base_model_count(1)
    writer.add_base_model_name(0, "Tiny Llama Base")
    writer.add_base_model_organization(0, "Cardgen Tests")
    writer.add_base_model_repo_url(0, "https://huggingface.co/cardgen-tests/tiny-llama-base")
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(HIDDEN)
    writer.add_feed_forward_length(FF)
    writer.add_block_count(LAYERS)
    writer.add_head_count(4)
    writer.add_head_count_kv(4)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_file_type(ftype)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(tokens())
    writer.add_token_types([gguf.TokenType.CONTROL] * 3 + [gguf.TokenType.NORMAL] * (VOCAB - 3))
    writer.add_bos_token_id(0)
    writer.add_eos_token_id(2)
    writer.add_chat_template(CHAT_TEMPLATE)
    for name, data in tensors.items():
        # As llama-quantize does: 1-D tensors (norms) stay F32.
        if data.ndim == 1:
            writer.add_tensor(name, data)
        else:
            writer.add_tensor(name, gguf.quants.quantize(data, qtype), raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return sorted(p.name for p in out.glob(f"{stem}*.gguf"))


def make_gguf(out: Path) -> None:
    import gguf

    Q, F = gguf.GGMLQuantizationType, gguf.LlamaFileType
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for qtype, ftype in ((Q.Q4_0, F.MOSTLY_Q4_0), (Q.Q5_0, F.MOSTLY_Q5_0), (Q.Q8_0, F.MOSTLY_Q8_0)):
        written += write_gguf(out, qtype, ftype)
    # Split as convert_hf_to_gguf.py --split-max-tensors does: 23 tensors, 10 per file.
    written += write_gguf(out, Q.BF16, F.MOSTLY_BF16, split_max_tensors=10)
    print(json.dumps(written))


def make_mmproj(out: Path) -> None:
    import gguf

    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2)
    path = out / "mmproj-Tiny-Llama-95K-Instruct-F16.gguf"
    writer = gguf.GGUFWriter(path, "clip")
    writer.add_type(gguf.GGUFType.MMPROJ)
    writer.add_name("Tiny Llama Instruct")
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    writer.add_bool("clip.has_vision_encoder", True)
    writer.add_uint32("clip.vision.image_size", 32)
    writer.add_uint32("clip.vision.patch_size", 8)
    writer.add_uint32("clip.vision.embedding_length", HIDDEN)
    writer.add_tensor("v.patch_embd.weight", rng.standard_normal((HIDDEN, 3 * 8 * 8)).astype(np.float16))
    writer.add_tensor("mm.0.weight", rng.standard_normal((HIDDEN, HIDDEN)).astype(np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(json.dumps([path.name]))


def make_safetensors(out: Path) -> None:
    from huggingface_hub import constants
    from huggingface_hub.serialization import split_state_dict_into_shards_factory
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    state = {
        "model.embed_tokens.weight": rng.standard_normal((VOCAB, HIDDEN), dtype=np.float32),
        "model.norm.weight": np.ones(HIDDEN, dtype=np.float32),
        "lm_head.weight": rng.standard_normal((VOCAB, HIDDEN)).astype(np.float16),
    }
    for i in range(LAYERS):
        for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
            state[f"model.layers.{i}.self_attn.{name}.weight"] = rng.standard_normal(
                (HIDDEN, HIDDEN), dtype=np.float32
            )
    # huggingface_hub's splitter, as save_torch_state_dict uses it, with numpy's byte sizes.
    split = split_state_dict_into_shards_factory(
        state,
        get_storage_size=lambda a: a.nbytes,
        filename_pattern=constants.SAFETENSORS_WEIGHTS_FILE_PATTERN,
        max_shard_size=50_000,
    )
    for filename, names in split.filename_to_tensors.items():
        save_file({n: state[n] for n in names}, out / filename, metadata={"format": "pt"})
    index = {"metadata": split.metadata, "weight_map": split.tensor_to_filename}
    (out / constants.SAFETENSORS_INDEX_FILE).write_text(json.dumps(index, indent=2) + "\n")
    total = sum(int(np.prod(a.shape)) for a in state.values())
    print(json.dumps({"files": sorted(split.filename_to_tensors), "parameters": total}))


if __name__ == "__main__":
    makers = {"gguf": make_gguf, "mmproj": make_mmproj, "safetensors": make_safetensors}
    if len(sys.argv) != 3 or sys.argv[1] not in makers:
        sys.exit(__doc__)
    makers[sys.argv[1]](Path(sys.argv[2]))
